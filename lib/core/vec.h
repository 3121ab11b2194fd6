/* vec: room in a growable array — the one grow-by-doubling in the code base. */
#ifndef DESKPILOT_CORE_VEC_H
#define DESKPILOT_CORE_VEC_H

#include <stddef.h>

/* 0 when arr (a T *, malloc'ed or NULL) with capacity cap (a size_t lvalue, in
 * elements) has room for need elements, growing both by doubling (at least 8)
 * when it has not; -1 when out of memory or the size overflows, arr and cap then
 * unchanged. Use: if (VEC_RESERVE(v->items, v->cap, v->n + 1)) return ENOMEM; */
#define VEC_RESERVE(arr, cap, need)                                                                \
    ((size_t)(need) <= (cap) ? 0 : vec_grow((void *)&(arr), &(cap), (size_t)(need), sizeof *(arr)))

/* The work of VEC_RESERVE: *slot holds the array pointer (of any object type). */
int vec_grow(void *slot, size_t *cap, size_t need, size_t elem);

#endif
