/* meta: health, the caller's notifications, and every /api/ path no other group owns
 * (they answer 404 problem+json). */
#include "auth/auth.h"
#include "http/app.h"
#include "meta.h"
#include "service/service.h"

static const struct route routes[] = {
    {"GET", "/api/health", meta_health, 0},
    {"GET", "/api/notifications", meta_notifications, RF_AUTH},
    {"GET", "/api/notifications/unread", meta_notifications_unread, RF_AUTH},
    {"POST", "/api/notifications/read", meta_notifications_read, RF_AUTH | RF_JSON},
    {"GET", "/api/notifications/settings", meta_notification_settings, RF_AGENT},
    {"PUT", "/api/notifications/settings", meta_notification_settings_put, RF_AGENT | RF_JSON},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "meta",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
        .authenticate = auth_authenticate,
    };
    return app_main(&app, argc, argv);
}
