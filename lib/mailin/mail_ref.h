/* mail_ref: which ticket a mail answers, from what our own mail carried (the
 * contract with mail-out: subjects tagged "[#TICKETID]", Message-IDs of the form
 * <deskpilot.TICKETID.OUTBOXID.RANDOM@DOMAIN>). */
#ifndef DESKPILOT_MAILIN_MAIL_REF_H
#define DESKPILOT_MAILIN_MAIL_REF_H

/* The ticket id a reply refers to, or 0: first an id of ours in In-Reply-To, then
 * the newest one in References, then a "[#N]" tag in the subject. Any argument
 * may be NULL. Ids are 1..999999999999. */
long long mail_ref_ticket(const char *subject, const char *in_reply_to, const char *references);

#endif
