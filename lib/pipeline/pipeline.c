/* pipeline: the automatic answer for a new ticket, decided from what it is given. */
#include "pipeline/pipeline.h"

#include <stdio.h>
#include <string.h>

#include "ai/decision.h"
#include "ai/resolver.h"
#include "core/buf.h"
#include "core/log.h"
#include "pipeline/threshold.h"

/* Never sent on its own: it only tells the customer a person will answer. */
static const char fallback_template[] =
    "Hi {{customer_name}},\n\nthanks for your message about \"{{subject}}\". We have it as "
    "ticket #{{ticket_id}} and an agent will get back to you shortly.\n\n— The Support Team";

/* No model is ever certain; keeping confidence below 1 makes a threshold of 1.0
 * mean "never answer automatically". */
#define MAX_CONFIDENCE 0.9999

/* Candidates asked for, so a few withdrawn resolutions cannot hide a good one. */
#define SIMILAR_CANDIDATES 8

/* Similar tickets below this are not even shown to agents. */
#define MIN_SIMILARITY 0.3f

char *pipeline_put_id(struct arena *a, const char *s, const char *id)
{
    struct buf b;
    buf_init(&b);
    size_t plen = strlen(PIPELINE_ID_PLACEHOLDER);
    for (const char *p; (p = strstr(s, PIPELINE_ID_PLACEHOLDER)); s = p + plen) {
        buf_append(&b, s, (size_t)(p - s));
        buf_puts(&b, id);
    }
    buf_puts(&b, s);
    char *out = b.failed ? NULL : arena_strndup(a, b.data ? b.data : "", b.len);
    buf_cleanup(&b);
    return out;
}

static void escalate(struct arena *a, struct pipeline_result *out, const char *why)
{
    memset(out, 0, sizeof *out);
    out->outcome.decision = "ESCALATE";
    out->outcome.decision_reason = arena_strdup(a, why);
}

int pipeline_decide(struct arena *a, struct engine *e, const struct settings *g,
                    const struct intent_policy *p, size_t np, const struct pipeline_ticket *t,
                    struct pipeline_result *out, struct app_err *err)
{
    const char *subject = t->subject, *body = t->body;
    if (!e->model) {
        escalate(a, out, "no model is trained yet (run deskpilot train)");
        return 0;
    }
    char *text = arena_printf(a, "%s\n%s", subject, body);
    if (!text)
        return err_unavailable(err, "out of memory");
    size_t len = strlen(text);
    struct ai_intent_guess guess[3];
    struct ai_similar similar[SIMILAR_CANDIDATES];
    size_t nguess = 0, nsimilar = 0;
    if (ai_model_classify(e->model, e->session, text, len, guess, 3, &nguess) ||
        ai_model_similar(e->model, e->delta, e->session, text, len, SIMILAR_CANDIDATES,
                         MIN_SIMILARITY, similar, &nsimilar)) {
        escalate(a, out, "the AI engine ran out of memory; an agent will answer");
        return 0;
    }
    /* The best similar ticket whose resolution still stands. */
    const struct ai_similar *best = NULL;
    for (size_t i = 0; i < nsimilar && !best; i++)
        if (!engine_retracted(e, similar[i].ticket_id))
            best = &similar[i];
    const char *intent = nguess ? arena_strdup(a, guess[0].intent) : NULL;
    double confidence = nguess ? guess[0].prob : 0.0;
    if (confidence > MAX_CONFIDENCE)
        confidence = MAX_CONFIDENCE;

    const struct intent_policy *pol = intent_policy_find(p, np, intent);
    char idbuf[24];
    if (t->id > 0)
        snprintf(idbuf, sizeof idbuf, "%lld", t->id);
    else
        snprintf(idbuf, sizeof idbuf, "%s", PIPELINE_ID_PLACEHOLDER);
    struct ai_resolve_input rin = {
        .intent = intent,
        .intent_template = pol ? pol->response_template : NULL,
        .fallback_template = fallback_template,
        .best = best,
        .similarity_threshold = g->similarity_threshold,
        .vars = {t->customer_name, idbuf, subject, intent},
    };
    struct ai_resolution reply;
    if (ai_resolve(&rin, &reply)) {
        escalate(a, out, "the AI engine ran out of memory; an agent will answer");
        return 0;
    }
    /* The decision compares with the threshold in force, whoever chose it. */
    struct threshold thr = threshold_for(e->model, g, pol ? &pol->settings : NULL, intent);
    struct ai_intent_settings is = pol ? pol->settings : (struct ai_intent_settings){0};
    is.has_threshold = true;
    is.threshold = thr.value;
    char note[96] = "";
    if (thr.source == THR_INTENT_ADMIN)
        snprintf(note, sizeof note, " (the intent's own threshold)");
    else if (thr.source == THR_MODEL_INTENT || thr.source == THR_MODEL)
        snprintf(note, sizeof note, " (chosen%s at %.0f%% target precision)",
                 thr.source == THR_MODEL_INTENT ? " for this intent" : "",
                 100 * g->auto_resolve_target_precision);
    struct ai_global_settings gs = {thr.value, g->similarity_threshold};
    struct ai_decision_input din = {intent, confidence, pol ? &is : NULL, &reply, &gs, note};
    char reason[400];
    enum ai_decision d = ai_decide(&din, reason, sizeof reason);

    memset(out, 0, sizeof *out);
    struct ticket_outcome *o = &out->outcome;
    o->intent = intent;
    o->has_confidence = nguess > 0;
    o->confidence = confidence;
    o->decision = ai_decision_name(d);
    o->decision_reason = arena_strdup(a, reason);
    o->similar_ticket_id = reply.has_similar ? reply.similar_ticket_id : 0;
    o->has_similarity = reply.has_similar;
    o->similarity = reply.similarity;
    o->response = reply.text ? arena_strdup(a, reply.text) : NULL;
    o->response_source = ai_reply_source_name(reply.source);
    out->auto_resolve = d == AI_DECISION_AUTO_RESOLVE;
    bool oom = (reply.text && !o->response) || !o->decision_reason;
    ai_resolution_cleanup(&reply);
    return oom ? err_unavailable(err, "out of memory") : 0;
}
