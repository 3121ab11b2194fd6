/* smtp: libcurl's SMTP client, one connection per mail (a sender's batch is small). */
#include "outbox/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"

#define SMTP_CONNECT_TIMEOUT 15L /* seconds to reach the relay */
#define SMTP_TIMEOUT 120L        /* seconds for a whole transaction */

int smtp_setup(char *msg, size_t msglen)
{
    if (strcmp(g_config.smtp_starttls, "yes") != 0 && strcmp(g_config.smtp_starttls, "no") != 0) {
        snprintf(msg, msglen, "DESKPILOT_SMTP_STARTTLS must be yes or no");
        return -1;
    }
    if (strncmp(g_config.smtp_url, "smtp://", 7) != 0 &&
        strncmp(g_config.smtp_url, "smtps://", 8) != 0) {
        snprintf(msg, msglen, "DESKPILOT_SMTP_URL must start with smtp:// or smtps://");
        return -1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(msg, msglen, "libcurl could not start");
        return -1;
    }
    return 0;
}

struct upload {
    const char *data;
    size_t left;
};

static size_t read_chunk(char *to, size_t size, size_t nmemb, void *ctx)
{
    struct upload *u = ctx;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;
    memcpy(to, u->data, n);
    u->data += n;
    u->left -= n;
    return n;
}

enum smtp_result smtp_send(const char *from, const char *to, const char *data, size_t len,
                           char *why, size_t whylen)
{
    why[0] = '\0';
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(why, whylen, "libcurl could not start a transfer");
        return SMTP_RETRY;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    char mail_from[300], rcpt[300];
    snprintf(mail_from, sizeof mail_from, "<%s>", from);
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    struct upload u = {data, len};
    bool tls = strcmp(g_config.smtp_starttls, "yes") == 0;
    curl_easy_setopt(c, CURLOPT_URL, g_config.smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_chunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, SMTP_CONNECT_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, SMTP_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    /* STARTTLS required, not tried: a relay that does not offer it fails the mail
     * rather than receive the password and the mail in clear. */
    curl_easy_setopt(c, CURLOPT_USE_SSL, tls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
    if (g_config.smtp_user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, g_config.smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, g_config.smtp_password);
    }
    CURLcode rc = rcpts ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(c);
    if (rc == CURLE_OK)
        return SMTP_SENT;
    snprintf(why, whylen, "%s%s%s (SMTP %ld)", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
             errbuf, code);
    return code >= 500 && code < 600 ? SMTP_REFUSED : SMTP_RETRY;
}
