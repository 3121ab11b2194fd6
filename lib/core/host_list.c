/* host_list: parse DESKPILOT_DB_HOSTS and order its hosts for a connect. */
#include "core/host_list.h"

#include <stdio.h>
#include <string.h>

#include "core/num.h"

/* One "host:port" item of len bytes into e. */
static int parse_item(struct host_entry *e, const char *s, size_t len, char *msg, size_t msglen)
{
    const char *colon = NULL, *host = s;
    size_t hlen;
    if (len && s[0] == '[') { /* [v6]:port */
        const char *close = memchr(s, ']', len);
        if (!close || close + 1 >= s + len || close[1] != ':')
            goto bad;
        host = s + 1;
        hlen = (size_t)(close - host);
        colon = close + 1;
    } else {
        for (const char *p = s; p < s + len; p++)
            if (*p == ':')
                colon = p;
        if (!colon)
            goto bad;
        hlen = (size_t)(colon - s);
    }
    if (hlen == 0 || hlen >= sizeof e->host)
        goto bad;
    char port[8];
    size_t plen = (size_t)(s + len - colon - 1);
    if (plen == 0 || plen >= sizeof port)
        goto bad;
    memcpy(port, colon + 1, plen);
    port[plen] = '\0';
    long long p;
    if (num_parse_ll(port, 1, 65535, &p))
        goto bad;
    memcpy(e->host, host, hlen);
    e->host[hlen] = '\0';
    e->port = (int)p;
    e->down_until = 0;
    return 0;
bad:
    snprintf(msg, msglen, "DESKPILOT_DB_HOSTS: '%.*s' is not host:port", (int)(len > 80 ? 80 : len),
             s);
    return -1;
}

int host_list_parse(struct host_list *l, const char *text, char *msg, size_t msglen)
{
    memset(l, 0, sizeof *l);
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        const char *end = p;
        while (*end && *end != ',' && *end != ' ')
            end++;
        if (l->n == HOST_LIST_MAX) {
            snprintf(msg, msglen, "DESKPILOT_DB_HOSTS: at most %d hosts", HOST_LIST_MAX);
            return -1;
        }
        if (parse_item(&l->h[l->n], p, (size_t)(end - p), msg, msglen))
            return -1;
        l->n++;
        p = end;
    }
    return 0;
}

size_t host_list_order(const struct host_list *l, time_t now, int *order)
{
    size_t k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < l->n; i++)
            if ((l->h[i].down_until <= now) == (pass == 0))
                order[k++] = (int)i;
    return k;
}

void host_list_down(struct host_list *l, int i, time_t now, long hold)
{
    if (i >= 0 && (size_t)i < l->n)
        l->h[i].down_until = now + hold;
}
