/* pages: the browser's pages — sign-in, the customers' support pages, the agents' desk,
 * the admin console. Unknown paths get the HTML 404/405 page from the dispatcher
 * (page_error), so there is no catch-all route. */
#include "auth/auth.h"
#include "http/app.h"
#include "pages.h"
#include "service/service.h"
#include "web/web_csrf.h"
#include "web/web_render.h"

#define PAGE RF_PAGE
#define FORM (RF_PAGE | RF_FORM)

static const struct route routes[] = {
    {"GET", "/", page_home, PAGE},
    {"GET", "/login", page_login, PAGE},
    {"POST", "/login", page_login_submit, FORM},
    {"POST", "/logout", page_logout, FORM | RF_AUTH},
    {"GET", "/forgot", page_forgot, PAGE},
    {"POST", "/forgot", page_forgot_submit, FORM},
    {"GET", "/reset", page_reset, PAGE},
    {"POST", "/reset", page_reset_submit, FORM},
    {"GET", "/register", page_register, PAGE},
    {"POST", "/register", page_register_submit, FORM},
    {"GET", "/support", page_add_slash, PAGE},
    {"GET", "/support/", page_support, PAGE | RF_CUSTOMER},
    {"POST", "/support/tickets", page_support_create, FORM | RF_UPLOAD | RF_CUSTOMER},
    {"POST", "/support/check", page_support_check, FORM | RF_CUSTOMER},
    {"POST", "/support/suggest", page_support_suggest, FORM | RF_CUSTOMER},
    {"POST", "/support/deflected", page_support_deflected, FORM | RF_CUSTOMER},
    {"GET", "/support/tickets/{id}", page_support_ticket, PAGE | RF_CUSTOMER},
    {"POST", "/support/tickets/{id}/messages", page_support_message,
     FORM | RF_UPLOAD | RF_CUSTOMER},
    {"POST", "/support/tickets/{id}/feedback", page_support_feedback, FORM | RF_CUSTOMER},
    {"POST", "/support/tickets/{id}/rating", page_support_stars, FORM | RF_CUSTOMER},
    /* The mail's feedback links: the token authorises, so no session and no CSRF. */
    {"GET", "/feedback/{token}", page_feedback, PAGE},
    {"POST", "/feedback/{token}", page_feedback_vote, PAGE},
    {"POST", "/feedback/{token}/rating", page_feedback_stars, PAGE},
    /* An attachment, for whoever may see its ticket (customer or staff). */
    {"GET", "/files/{attachment}", page_file, PAGE | RF_AUTH},
    {"GET", "/notifications", page_notifications, PAGE | RF_AUTH},
    {"GET", "/notifications/settings", page_notification_settings, PAGE | RF_AGENT},
    {"POST", "/notifications/settings", page_notification_settings_save, FORM | RF_AGENT},
    {"POST", "/notifications/read", page_notifications_read, FORM | RF_AUTH},
    {"GET", "/notifications/{id}", page_notification_open, PAGE | RF_AUTH},
    {"GET", "/agent", page_add_slash, PAGE},
    {"GET", "/agent/", page_agent_queue, PAGE | RF_AGENT},
    {"GET", "/agent/tickets", page_agent_tickets, PAGE | RF_AGENT},
    {"GET", "/agent/tickets/{id}", page_agent_ticket, PAGE | RF_AGENT},
    {"POST", "/agent/tickets/{id}/reply", page_agent_reply, FORM | RF_UPLOAD | RF_AGENT},
    {"POST", "/agent/tickets/{id}/update", page_agent_update, FORM | RF_AGENT},
    {"POST", "/agent/bulk", page_agent_bulk, FORM | RF_AGENT},
    {"GET", "/admin", page_add_slash, PAGE},
    {"GET", "/admin/", page_admin_dashboard, PAGE | RF_ADMIN},
    {"POST", "/admin/retrain", page_admin_retrain, FORM | RF_ADMIN},
    {"GET", "/admin/users", page_admin_users, PAGE | RF_ADMIN},
    {"POST", "/admin/users/{id}", page_admin_user_update, FORM | RF_ADMIN},
    {"GET", "/admin/intents", page_admin_intents, PAGE | RF_ADMIN},
    {"POST", "/admin/intents", page_intent_create, FORM | RF_ADMIN},
    {"GET", "/admin/intents/{name}", page_admin_intent, PAGE | RF_ADMIN},
    {"POST", "/admin/intents/{name}", page_admin_intent_save, FORM | RF_ADMIN},
    {"POST", "/admin/intents/{name}/reenable", page_admin_intent_reenable, FORM | RF_ADMIN},
    {"POST", "/admin/intents/{name}/delete", page_intent_delete, FORM | RF_ADMIN},
    {"GET", "/admin/settings", page_admin_settings, PAGE | RF_ADMIN},
    {"POST", "/admin/settings", page_admin_settings_save, FORM | RF_ADMIN},
    {"GET", "/admin/macros", page_admin_macros, PAGE | RF_ADMIN},
    {"POST", "/admin/macros", page_admin_macro_create, FORM | RF_ADMIN},
    {"POST", "/admin/macros/{id}", page_admin_macro_save, FORM | RF_ADMIN},
    {"POST", "/admin/macros/{id}/delete", page_admin_macro_delete, FORM | RF_ADMIN},
    {"GET", "/admin/sla", page_admin_sla, PAGE | RF_ADMIN},
    {"POST", "/admin/sla", page_admin_sla_save, FORM | RF_ADMIN},
    {"GET", "/admin/audit", page_admin_audit, PAGE | RF_ADMIN},
    {"GET", "/admin/model", page_admin_model, PAGE | RF_ADMIN},
    {"GET", "/admin/outbox", page_admin_outbox, PAGE | RF_ADMIN},
    {"POST", "/admin/outbox/{id}/retry", page_admin_outbox_retry, FORM | RF_ADMIN},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "pages",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
        .authenticate = auth_authenticate_page,
        .check_csrf = web_check_csrf,
        .page_error = web_page_error,
        .init = web_render_init,
    };
    return app_main(&app, argc, argv);
}
