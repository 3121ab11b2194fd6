/* identity: who is calling — the roles and the principal every layer above core
 * speaks of (the dispatcher fills it, the domain decides with it). */
#ifndef DESKPILOT_CORE_IDENTITY_H
#define DESKPILOT_CORE_IDENTITY_H

enum role { ROLE_NONE = 0, ROLE_CUSTOMER, ROLE_AGENT, ROLE_ADMIN };

/* Who is calling; filled by the dispatcher from the token, re-read from the database. */
struct principal {
    long long id;
    enum role role;
    const char *email; /* borrowed until the request ends */
    const char *name;
    const char *jti;
    long long exp;
    long long tickets_this_hour; /* filed in the current clock hour: the ticket quota */
};

/* Role names as in the contract ("customer", "agent", "admin"; "none"), and back
 * (ROLE_NONE for anything else, NULL included). */
const char *role_name(enum role r);
enum role role_parse(const char *s);

#endif
