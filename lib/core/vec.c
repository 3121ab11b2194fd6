/* vec: doubling growth. The array pointer is read and written through memcpy, so
 * any T * can be grown without breaking C's aliasing rules. */
#include "core/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int vec_grow(void *slot, size_t *cap, size_t need, size_t elem)
{
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (elem && ncap > SIZE_MAX / elem)
        return -1;
    void *old;
    memcpy(&old, slot, sizeof old);
    void *p = realloc(old, ncap * elem);
    if (!p)
        return -1;
    memcpy(slot, &p, sizeof p);
    *cap = ncap;
    return 0;
}
