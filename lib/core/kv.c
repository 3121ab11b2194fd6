/* kv: lookup in a short list of pairs (a linear scan: lists are bounded and small). */
#include "core/kv.h"

#include <string.h>

const char *kv_get(const struct kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].val;
    return NULL;
}
