// libcurl for NewsCore's HTTPClient, loaded with dlopen on first use: a
// process that never fetches (the reader, `list`, `search`) never maps
// libcurl and the TLS, Kerberos and compression libraries it pulls in.
// curl.h (Debian: libcurl4-openssl-dev) is needed at build time only, for
// its types and constants; the binary does not link libcurl (check with
// `readelf -d`), and Swift must call libcurl through these wrappers alone.
#ifndef NEWSREADER_CCURL_H
#define NEWSREADER_CCURL_H

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <stddef.h>

/// Loads libcurl.so.4 and initialises it, once per process (thread-safe).
/// Returns 0 on success; otherwise 1, with the reason in `error`.
int nr_curl_load(char *error, size_t error_size);

CURL *nr_easy_init(void);
void nr_easy_cleanup(CURL *easy);
CURLcode nr_easy_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode nr_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value);
/// Strings are copied by libcurl; pointers (error buffers, user data, lists) are not.
CURLcode nr_easy_setopt_pointer(CURL *easy, CURLoption option, const void *value);
CURLcode nr_easy_setopt_write_function(CURL *easy, CURLoption option, curl_write_callback function);
CURLcode nr_easy_getinfo_long(CURL *easy, CURLINFO info, long *value);
CURLcode nr_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *value);
const char *nr_easy_strerror(CURLcode code);

CURLM *nr_multi_init(void);
void nr_multi_cleanup(CURLM *multi);
CURLMcode nr_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode nr_multi_add_handle(CURLM *multi, CURL *easy);
CURLMcode nr_multi_remove_handle(CURLM *multi, CURL *easy);
CURLMcode nr_multi_perform(CURLM *multi, int *running);
/// Sleeps until a transfer's socket is ready, `nr_multi_wakeup`, or `timeout_ms`.
CURLMcode nr_multi_poll(CURLM *multi, int timeout_ms);
CURLMcode nr_multi_timeout(CURLM *multi, long *timeout_ms);
/// From any thread: ends a `nr_multi_poll` early.
CURLMcode nr_multi_wakeup(CURLM *multi);
/// The next finished transfer: 1 with its handle and result, or 0 when none is left.
int nr_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result);

struct curl_slist *nr_slist_append(struct curl_slist *list, const char *text);
void nr_slist_free_all(struct curl_slist *list);

#endif
