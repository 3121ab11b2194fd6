/* identity: role names. */
#include "core/identity.h"

#include <string.h>

const char *role_name(enum role r)
{
    switch (r) {
    case ROLE_CUSTOMER:
        return "customer";
    case ROLE_AGENT:
        return "agent";
    case ROLE_ADMIN:
        return "admin";
    default:
        return "none";
    }
}

enum role role_parse(const char *s)
{
    if (!s)
        return ROLE_NONE;
    if (strcmp(s, "customer") == 0)
        return ROLE_CUSTOMER;
    if (strcmp(s, "agent") == 0)
        return ROLE_AGENT;
    if (strcmp(s, "admin") == 0)
        return ROLE_ADMIN;
    return ROLE_NONE;
}
