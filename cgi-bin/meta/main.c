/* meta: health and every /api/ path no other group owns (they answer 404 problem+json). */
#include "http/app.h"
#include "meta.h"
#include "service/service.h"

static const struct route routes[] = {
    {"GET", "/api/health", meta_health, 0},
};

int main(int argc, char **argv)
{
    static const struct app app = {
        .name = "meta",
        .routes = routes,
        .nroutes = sizeof routes / sizeof routes[0],
        .store = &service_store,
    };
    return app_main(&app, argc, argv);
}
