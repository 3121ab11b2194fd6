/* delta: a small growable inverted index of (term key -> items) with raw counts. */
#include "ai/delta.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ai/status.h"
#include "ai/vocab.h"
#include "core/vec.h"

struct item {
    int64_t id;
    char *intent, *solution;
    bool reusable, dead; /* dead: replaced by a later add of the same id */
    uint64_t *key;       /* its terms */
    float *ltf;          /* 1 + ln(tf) per term */
    uint32_t nkeys;
    float norm; /* under the index norm_of, cached */
    const void *norm_of;
};

struct posting {
    uint32_t item;
    float ltf;
};

struct plist {
    struct posting *p;
    size_t cap;
    uint32_t n;
};

struct ai_delta {
    struct item *items;
    size_t n, cap;
    struct ai_vocab terms; /* term key -> list number */
    struct plist *lists;
    size_t nlists, lists_cap;
};

int ai_delta_new(struct ai_delta **out)
{
    struct ai_delta *d = calloc(1, sizeof *d);
    if (!d)
        return AI_ENOMEM;
    if (ai_vocab_init(&d->terms, 256) < 0) {
        free(d);
        return AI_ENOMEM;
    }
    *out = d;
    return AI_OK;
}

void ai_delta_clear(struct ai_delta *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].intent);
        free(d->items[i].solution);
        free(d->items[i].key);
        free(d->items[i].ltf);
    }
    d->n = 0;
    for (size_t i = 0; i < d->nlists; i++)
        free(d->lists[i].p);
    d->nlists = 0;
    ai_vocab_reset(&d->terms);
}

void ai_delta_free(struct ai_delta *d)
{
    if (!d)
        return;
    ai_delta_clear(d);
    ai_vocab_cleanup(&d->terms);
    free(d->items);
    free(d->lists);
    free(d);
}

size_t ai_delta_count(const struct ai_delta *d)
{
    return d->n;
}
int64_t ai_delta_id(const struct ai_delta *d, size_t i)
{
    return d->items[i].id;
}
const char *ai_delta_intent(const struct ai_delta *d, size_t i)
{
    return d->items[i].intent;
}
const char *ai_delta_solution(const struct ai_delta *d, size_t i)
{
    return d->items[i].solution;
}
bool ai_delta_reusable(const struct ai_delta *d, size_t i)
{
    return d->items[i].reusable;
}

static char *dup_or_null(const char *s, int *rc)
{
    if (!s)
        return NULL;
    char *p = strdup(s);
    if (!p)
        *rc = AI_ENOMEM;
    return p;
}

int ai_delta_add(struct ai_delta *d, struct ai_session *s, int64_t id, const char *text,
                 const char *intent, const char *solution, bool reusable)
{
    if (d->n >= (1u << 31))
        return AI_ERANGE;
    struct ai_feat_opts fo;
    ai_feat_opts_similarity(&fo);
    if (!text)
        text = "";
    int rc = ai_session_keys(s, text, strlen(text), &fo);
    if (rc < 0)
        return rc;
    if (VEC_RESERVE(d->items, d->cap, d->n + 1))
        return AI_ENOMEM;
    struct item it = {.id = id, .reusable = reusable, .nkeys = (uint32_t)s->keys.n};
    it.intent = dup_or_null(intent, &rc);
    it.solution = dup_or_null(solution, &rc);
    it.key = malloc((s->keys.n + 1) * sizeof *it.key);
    it.ltf = malloc((s->keys.n + 1) * sizeof *it.ltf);
    if (rc < 0 || !it.key || !it.ltf)
        goto out_nomem;
    /* Postings first, so a failure leaves no half-added item visible. */
    size_t added = 0;
    for (; added < s->keys.n; added++) {
        uint32_t li;
        bool fresh;
        it.key[added] = s->keys.key[added];
        it.ltf[added] = 1.0f + logf((float)s->keys.count[added]);
        /* List numbers are term ids: make room for a new list before a new id exists. */
        if (VEC_RESERVE(d->lists, d->lists_cap, d->nlists + 1))
            goto out_undo;
        if (ai_vocab_add(&d->terms, s->keys.key[added], &li, &fresh) < 0)
            goto out_undo;
        if (fresh)
            d->lists[d->nlists++] = (struct plist){0};
        struct plist *pl = &d->lists[li];
        if (VEC_RESERVE(pl->p, pl->cap, (size_t)pl->n + 1))
            goto out_undo;
        pl->p[pl->n++] = (struct posting){(uint32_t)d->n, it.ltf[added]};
    }
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].id == id)
            d->items[i].dead = true;
    d->items[d->n++] = it;
    return AI_OK;

out_undo:
    /* Remove the postings of this item added so far (each is the last of its list). */
    for (size_t j = 0; j < added; j++) {
        uint32_t li = ai_vocab_find(&d->terms, it.key[j]);
        if (li < d->nlists && d->lists[li].n && d->lists[li].p[d->lists[li].n - 1].item == d->n)
            d->lists[li].n--;
    }
out_nomem:
    free(it.intent);
    free(it.solution);
    free(it.key);
    free(it.ltf);
    return AI_ENOMEM;
}

int ai_delta_search(struct ai_delta *d, const struct ai_simindex *ix, struct ai_session *s,
                    const struct ai_sim_query *q, size_t k, float min_score,
                    struct ai_delta_hit *out, size_t *nout)
{
    *nout = 0;
    if (k == 0 || d->n == 0)
        return AI_OK;
    int rc = ai_session_dacc(s, d->n);
    if (rc < 0)
        return rc;
    float *acc = s->dacc;
    /* Touched items are remembered in s->cand (the index search is done with it). */
    if ((rc = ai_session_cand(s, d->n * sizeof(uint32_t))) < 0)
        return rc;
    uint32_t *touched = s->cand;
    size_t nt = 0;
    for (size_t i = 0; i < q->n; i++) {
        uint32_t li = ai_vocab_find(&d->terms, q->key[i]);
        if (li == AI_VOCAB_NONE || li >= d->nlists)
            continue;
        float idf = ai_simindex_idf(ix, q->key[i]);
        const struct plist *pl = &d->lists[li];
        for (uint32_t j = 0; j < pl->n; j++) {
            uint32_t it = pl->p[j].item;
            if (acc[it] == 0)
                touched[nt++] = it;
            acc[it] += q->q[i] * pl->p[j].ltf * idf;
        }
    }
    size_t n = 0;
    for (size_t j = 0; j < nt; j++) {
        uint32_t it = touched[j];
        struct item *item = &d->items[it];
        float dot = acc[it];
        acc[it] = 0;
        if (item->dead || dot <= 0)
            continue;
        /* The item's norm under the current model's idf (a reload changes it). */
        if (item->norm_of != (const void *)ix || !(item->norm > 0)) {
            double norm = 0;
            for (uint32_t t = 0; t < item->nkeys; t++) {
                double x = item->ltf[t] * ai_simindex_idf(ix, item->key[t]);
                norm += x * x;
            }
            item->norm = (float)sqrt(norm);
            item->norm_of = ix;
        }
        float sc = item->norm > 0 ? dot / item->norm : 0.0f;
        if (sc > 1.0f)
            sc = 1.0f;
        if (sc < min_score)
            continue;
        if (n == k && !(sc > out[k - 1].score || (sc == out[k - 1].score && it < out[k - 1].item)))
            continue;
        size_t pos = n < k ? n++ : k - 1;
        while (pos > 0 &&
               (sc > out[pos - 1].score || (sc == out[pos - 1].score && it < out[pos - 1].item))) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = (struct ai_delta_hit){it, sc};
    }
    *nout = n;
    return AI_OK;
}
