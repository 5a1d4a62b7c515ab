#include "ccurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// One definition of each, in this file only (see PLATFORM-NOTES: no state in headers).
static __typeof__(curl_global_init) *p_global_init;
static __typeof__(curl_easy_init) *p_easy_init;
static __typeof__(curl_easy_cleanup) *p_easy_cleanup;
static __typeof__(curl_easy_setopt) *p_easy_setopt;
static __typeof__(curl_easy_getinfo) *p_easy_getinfo;
static __typeof__(curl_easy_strerror) *p_easy_strerror;
static __typeof__(curl_multi_init) *p_multi_init;
static __typeof__(curl_multi_cleanup) *p_multi_cleanup;
static __typeof__(curl_multi_setopt) *p_multi_setopt;
static __typeof__(curl_multi_add_handle) *p_multi_add_handle;
static __typeof__(curl_multi_remove_handle) *p_multi_remove_handle;
static __typeof__(curl_multi_perform) *p_multi_perform;
static __typeof__(curl_multi_poll) *p_multi_poll;
static __typeof__(curl_multi_timeout) *p_multi_timeout;
static __typeof__(curl_multi_wakeup) *p_multi_wakeup;
static __typeof__(curl_multi_info_read) *p_multi_info_read;
static __typeof__(curl_slist_append) *p_slist_append;
static __typeof__(curl_slist_free_all) *p_slist_free_all;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static void load(void) {
    // libcurl 7.68 or later (curl_multi_wakeup); Debian 12 has 7.88.
    void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl (install Debian's libcurl4): %s", dlerror());
        return;
    }
#define LOAD(pointer, name)                                                                          \
    if (!(*(void **)&pointer = dlsym(library, name))) {                                              \
        snprintf(load_error, sizeof load_error, "libcurl.so.4 lacks %s (libcurl 7.68 or later needed)", name); \
        return;                                                                                      \
    }
    LOAD(p_global_init, "curl_global_init")
    LOAD(p_easy_init, "curl_easy_init")
    LOAD(p_easy_cleanup, "curl_easy_cleanup")
    LOAD(p_easy_setopt, "curl_easy_setopt")
    LOAD(p_easy_getinfo, "curl_easy_getinfo")
    LOAD(p_easy_strerror, "curl_easy_strerror")
    LOAD(p_multi_init, "curl_multi_init")
    LOAD(p_multi_cleanup, "curl_multi_cleanup")
    LOAD(p_multi_setopt, "curl_multi_setopt")
    LOAD(p_multi_add_handle, "curl_multi_add_handle")
    LOAD(p_multi_remove_handle, "curl_multi_remove_handle")
    LOAD(p_multi_perform, "curl_multi_perform")
    LOAD(p_multi_poll, "curl_multi_poll")
    LOAD(p_multi_timeout, "curl_multi_timeout")
    LOAD(p_multi_wakeup, "curl_multi_wakeup")
    LOAD(p_multi_info_read, "curl_multi_info_read")
    LOAD(p_slist_append, "curl_slist_append")
    LOAD(p_slist_free_all, "curl_slist_free_all")
#undef LOAD
    CURLcode code = p_global_init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "libcurl did not initialise: %s", p_easy_strerror(code));
        p_easy_init = NULL;
        return;
    }
}

int nr_curl_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (p_easy_init) return 0;
    if (error && error_size > 0) snprintf(error, error_size, "%s", load_error);
    return 1;
}

CURL *nr_easy_init(void) { return p_easy_init(); }
void nr_easy_cleanup(CURL *easy) { p_easy_cleanup(easy); }
CURLcode nr_easy_setopt_long(CURL *easy, CURLoption option, long value) { return p_easy_setopt(easy, option, value); }
CURLcode nr_easy_setopt_off(CURL *easy, CURLoption option, curl_off_t value) { return p_easy_setopt(easy, option, value); }
CURLcode nr_easy_setopt_pointer(CURL *easy, CURLoption option, const void *value) { return p_easy_setopt(easy, option, value); }
CURLcode nr_easy_setopt_write_function(CURL *easy, CURLoption option, curl_write_callback function) {
    return p_easy_setopt(easy, option, function);
}
CURLcode nr_easy_getinfo_long(CURL *easy, CURLINFO info, long *value) { return p_easy_getinfo(easy, info, value); }
CURLcode nr_easy_getinfo_off(CURL *easy, CURLINFO info, curl_off_t *value) { return p_easy_getinfo(easy, info, value); }
const char *nr_easy_strerror(CURLcode code) { return p_easy_strerror(code); }

CURLM *nr_multi_init(void) { return p_multi_init(); }
void nr_multi_cleanup(CURLM *multi) { p_multi_cleanup(multi); }
CURLMcode nr_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return p_multi_setopt(multi, option, value); }
CURLMcode nr_multi_add_handle(CURLM *multi, CURL *easy) { return p_multi_add_handle(multi, easy); }
CURLMcode nr_multi_remove_handle(CURLM *multi, CURL *easy) { return p_multi_remove_handle(multi, easy); }
CURLMcode nr_multi_perform(CURLM *multi, int *running) { return p_multi_perform(multi, running); }
CURLMcode nr_multi_poll(CURLM *multi, int timeout_ms) { return p_multi_poll(multi, NULL, 0, timeout_ms, NULL); }
CURLMcode nr_multi_timeout(CURLM *multi, long *timeout_ms) { return p_multi_timeout(multi, timeout_ms); }
CURLMcode nr_multi_wakeup(CURLM *multi) { return p_multi_wakeup(multi); }

int nr_multi_next_done(CURLM *multi, CURL **easy, CURLcode *result) {
    int left = 0;
    CURLMsg *message;
    while ((message = p_multi_info_read(multi, &left))) {
        if (message->msg == CURLMSG_DONE) {
            *easy = message->easy_handle;
            *result = message->data.result;
            return 1;
        }
    }
    return 0;
}

struct curl_slist *nr_slist_append(struct curl_slist *list, const char *text) { return p_slist_append(list, text); }
void nr_slist_free_all(struct curl_slist *list) { p_slist_free_all(list); }
