/* num: strict number parsing (whole string, range-checked) for untrusted text. */
#ifndef DESKPILOT_CORE_NUM_H
#define DESKPILOT_CORE_NUM_H

/* Parse a base-10 integer that fills all of s and lies in [min, max].
 * Leading '+', spaces and trailing garbage are refused. 0 or -1. */
int num_parse_ll(const char *s, long long min, long long max, long long *out);
/* Parse a finite decimal number that fills all of s and lies in [min, max]. 0 or -1. */
int num_parse_double(const char *s, double min, double max, double *out);

#endif
