/* tickets: create, list, read, update, converse, feedback, attachments; answers before
 * filing. */
#include "auth/auth.h"
#include "http/app.h"
#include "service/service.h"
#include "tickets.h"

static const struct route routes[] = {
    {"POST", "/api/tickets", tickets_create, RF_AUTH | RF_JSON},
    {"GET", "/api/tickets", tickets_list, RF_AUTH},
    {"GET", "/api/tickets/queue", tickets_queue, RF_AGENT}, /* before {id}: first match wins */
    {"POST", "/api/tickets/bulk", tickets_bulk, RF_AGENT | RF_JSON},
    {"GET", "/api/tickets/{id}", tickets_get, RF_AUTH},
    {"GET", "/api/tickets/{id}/macros", tickets_macros, RF_AGENT},
    {"GET", "/api/tickets/{id}/macros/{mid}", tickets_macro_render, RF_AGENT},
    {"PATCH", "/api/tickets/{id}", tickets_update, RF_AGENT | RF_JSON},
    {"POST", "/api/tickets/{id}/messages", tickets_add_message, RF_AUTH | RF_JSON},
    {"POST", "/api/tickets/{id}/feedback", tickets_feedback, RF_AUTH | RF_JSON},
    {"POST", "/api/tickets/{id}/attachments", tickets_attach, RF_AUTH | RF_UPLOAD},
    {"GET", "/api/tickets/{id}/attachments/{attachment}", tickets_attachment_get, RF_AUTH},
    /* Before a ticket exists: anonymous (the widget), bounded per address by nginx. */
    {"POST", "/api/answers/suggest", answers_suggest, RF_JSON},
    {"POST", "/api/answers/deflected", answers_deflected, RF_JSON},
    {"OPTIONS", "/api/answers/suggest", answers_preflight, 0},
    {"OPTIONS", "/api/answers/deflected", answers_preflight, 0},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "tickets",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
        .authenticate = auth_authenticate,
    };
    return app_main(&app, argc, argv);
}
