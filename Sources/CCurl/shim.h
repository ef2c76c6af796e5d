#pragma once
#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call; these inline wrappers fix
// the argument type of each kind of option.

/// Sets a `long` option (numbers and flags).
static inline CURLcode posttrace_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets a pointer option: a C string (copied by libcurl), a `curl_slist`, or callback data.
static inline CURLcode posttrace_curl_set_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Sets the body to send with a POST: `length` bytes, copied by libcurl.
static inline CURLcode posttrace_curl_set_body(CURL *handle, const void *bytes, long length) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, length);
    return code == CURLE_OK ? curl_easy_setopt(handle, CURLOPT_COPYPOSTFIELDS, bytes) : code;
}

/// The signature of libcurl's write and header callbacks.
typedef size_t (*posttrace_curl_data_callback)(char *data, size_t size, size_t count, void *context);

/// Sets a write or header callback.
static inline CURLcode posttrace_curl_set_callback(CURL *handle, CURLoption option, posttrace_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

/// Reads a `long` piece of information, e.g. the response code.
static inline CURLcode posttrace_curl_get_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
