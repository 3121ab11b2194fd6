/* mail_account: find or make the sender's account. */
#include "user/mail_account.h"

#include <string.h>

#include "db/db.h"
#include "json/validate.h"

int user_for_mail(struct arena *a, const char *email, const char *name, struct user *u,
                  bool *created, struct app_err *err)
{
    *created = false;
    if (!validate_email_shaped(email, strlen(email)) || strlen(email) > 254)
        return err_field(err, "from", "is not an e-mail address an account can have");
    bool found = false;
    if (db_users_by_email(a, email, u, &found, err))
        return -1;
    if (!found) {
        long long id = 0;
        int rc = db_users_create(email, name, ROLE_CUSTOMER, MAIL_ACCOUNT_NO_PASSWORD, &id, err);
        if (rc && rc != DB_DUPLICATE) /* a duplicate: a mail from them just made it */
            return -1;
        *created = rc == 0;
        if (db_users_by_email(a, email, u, &found, err))
            return -1;
        if (!found)
            return err_internal(err, "user %s vanished after insert", email);
    }
    if (u->disabled)
        return err_set(err, ERR_FORBIDDEN, "the sender's account is disabled");
    return 0;
}
