/* resolver: picks the reply for a new ticket (similar ticket's solution, the
 * intent's template, or the fallback) and says whether it may be sent unreviewed. */
#ifndef DESKPILOT_AI_RESOLVER_H
#define DESKPILOT_AI_RESOLVER_H

#include <stdbool.h>
#include <stdint.h>

#include "ai/model.h"
#include "ai/template.h"

/* A similar ticket alone is weak evidence (on Banking77 a cosine >= 0.8 has the
 * right intent 93.5% of the time); at this score a match counts as the same
 * question even when the classifier disagrees. */
#define AI_NEAR_IDENTICAL 0.95

enum ai_reply_source {
    AI_REPLY_NONE = 0,
    AI_REPLY_SIMILAR,         /* "similar_ticket" */
    AI_REPLY_INTENT_TEMPLATE, /* "intent_template" */
    AI_REPLY_FALLBACK,        /* "fallback_template" */
};

struct ai_resolve_input {
    const char *intent;            /* the classifier's top intent, NULL when none */
    const char *intent_template;   /* that intent's response_template; NULL or "" when none */
    const char *fallback_template; /* NULL or "" when none */
    const struct ai_similar *best; /* the most similar resolved ticket, NULL when none */
    double similarity_threshold;   /* a similar ticket below this is not used */
    double near_identical;         /* 0 means AI_NEAR_IDENTICAL */
    struct ai_template_vars vars;  /* placeholder values for the chosen reply */
};

struct ai_resolution {
    enum ai_reply_source source;
    char *text;            /* malloc'd, filled reply; NULL when source is NONE */
    bool auto_send_ok;     /* may go to the customer without an agent */
    bool worth_suggesting; /* worth showing an agent (the fallback is not) */
    bool has_similar;      /* similar_ticket_id / similarity are set */
    int64_t similar_ticket_id;
    double similarity;
    const char *note; /* static: why this reply / why not automatic */
};

/* Rule: the similar ticket's solution when its score >= similarity_threshold,
 * else the intent's template, else the fallback. A similar solution may be
 * sent automatically only when the ticket is reusable and (its intent equals
 * the classifier's, or its score >= near_identical); otherwise it is still
 * the reply, as a suggestion for the agent. An intent template may be sent
 * automatically; the fallback never. Every reply goes through
 * ai_template_fill. Returns 0 or AI_ENOMEM (*out is then empty). */
int ai_resolve(const struct ai_resolve_input *in, struct ai_resolution *out);
void ai_resolution_cleanup(struct ai_resolution *r);

/* "similar_ticket", "intent_template", "fallback_template" or NULL (API names). */
const char *ai_reply_source_name(enum ai_reply_source s);

#endif
