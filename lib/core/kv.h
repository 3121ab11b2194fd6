/* kv: a key/value pair — query parameters, form fields, cookies. */
#ifndef DESKPILOT_CORE_KV_H
#define DESKPILOT_CORE_KV_H

#include <stddef.h>

struct kv {
    const char *key;
    const char *val;
};

/* The value of the first pair called key among kv[0..n), or NULL. */
const char *kv_get(const struct kv *kv, size_t n, const char *key);

#endif
