/* resolver: reply selection and its auto-send eligibility. */
#include "ai/resolver.h"

#include <stdlib.h>
#include <string.h>

#include "ai/status.h"
#include "core/buf.h"

const char *ai_reply_source_name(enum ai_reply_source s)
{
    switch (s) {
    case AI_REPLY_SIMILAR:
        return "similar_ticket";
    case AI_REPLY_INTENT_TEMPLATE:
        return "intent_template";
    case AI_REPLY_FALLBACK:
        return "fallback_template";
    default:
        return NULL;
    }
}

void ai_resolution_cleanup(struct ai_resolution *r)
{
    free(r->text);
    memset(r, 0, sizeof *r);
}

static bool nonempty(const char *s)
{
    return s && *s;
}

int ai_resolve(const struct ai_resolve_input *in, struct ai_resolution *out)
{
    memset(out, 0, sizeof *out);
    double near = in->near_identical > 0 ? in->near_identical : AI_NEAR_IDENTICAL;
    const char *tpl = NULL;
    const struct ai_similar *b = in->best;
    if (b) {
        out->has_similar = true;
        out->similar_ticket_id = b->ticket_id;
        out->similarity = b->score;
    }
    /* Scores are floats: compare in float, so a score shown as 0.95 is >= a 0.95 threshold. */
    if (b && b->score >= (float)in->similarity_threshold && nonempty(b->solution)) {
        out->source = AI_REPLY_SIMILAR;
        tpl = b->solution;
        out->worth_suggesting = true;
        bool agrees = in->intent && b->intent && strcmp(in->intent, b->intent) == 0;
        if (!b->reusable) {
            out->note = "the similar ticket's solution is not marked reusable";
        } else if (!agrees && b->score < (float)near) {
            out->note = "the similar ticket's intent differs from the classifier's";
        } else {
            out->auto_send_ok = true;
            out->note =
                agrees ? "similar ticket with the same intent" : "near-identical similar ticket";
        }
    } else if (nonempty(in->intent_template)) {
        out->source = AI_REPLY_INTENT_TEMPLATE;
        tpl = in->intent_template;
        out->worth_suggesting = true;
        out->auto_send_ok = true;
        out->note = "the intent's response template";
    } else if (nonempty(in->fallback_template)) {
        out->source = AI_REPLY_FALLBACK;
        tpl = in->fallback_template;
        out->note = "only the fallback template applies";
    } else {
        out->note = "no reply available";
        return AI_OK;
    }
    struct buf bf;
    buf_init(&bf);
    if (ai_template_fill(tpl, &in->vars, &bf) < 0 || !(out->text = buf_steal(&bf))) {
        buf_cleanup(&bf);
        memset(out, 0, sizeof *out);
        return AI_ENOMEM;
    }
    return AI_OK;
}
