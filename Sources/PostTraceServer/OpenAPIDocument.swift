/// The API description served at `/openapi.json`: a copy of the repository's `openapi.json`
/// (a test keeps both identical; regenerate with scripts/sync-openapi.sh).
enum OpenAPIDocument {
    static let text = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "PostTrace API",
    "version": "1.0.0",
    "summary": "Open tracking for international postal (UPU S10) items.",
    "description": "Look up the explained history of a UPU S10 item, many at once, and feed scan events in. Every error is RFC 9457 application/problem+json with a stable `type`. Lookups are public unless the server runs with --require-key-for-read; ingestion needs an API key with the `ingest` scope. Every response carries an X-Request-Id (a well-formed one sent by a proxy is kept), also written to the access log. Rate-limited answers carry RateLimit-Limit (the burst), RateLimit-Remaining and RateLimit-Reset (seconds until the bucket is full): the API key's bucket when a key is sent, else the client address's. Text answers of 1 KiB or more are gzipped for clients that send `Accept-Encoding: gzip` (Content-Encoding: gzip; the server's --no-compression turns this off); a gzipped answer has its own ETag, ending in `-gzip`.",
    "license": {
      "name": "See the repository",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "security": [
    {},
    {
      "bearer": []
    }
  ],
  "paths": {
    "/v1/trackings/{number}": {
      "get": {
        "operationId": "getTracking",
        "summary": "The explained timeline of one item",
        "description": "The number is read as people type it (spaces, dashes, lower case, full-width characters) and answered under its canonical form. Answers carry an ETag; sending it back in If-None-Match gets 304 Not Modified while the answer is unchanged (a new scan, another language or another day's wording change it).",
        "parameters": [
          {
            "name": "number",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "maxLength": 64
            },
            "example": "EE123456785CN"
          },
          {
            "$ref": "#/components/parameters/lang"
          },
          {
            "$ref": "#/components/parameters/ifNoneMatch"
          }
        ],
        "responses": {
          "200": {
            "description": "The timeline",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Timeline"
                }
              }
            },
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Vary": {
                "$ref": "#/components/headers/Vary"
              },
              "Content-Language": {
                "$ref": "#/components/headers/ContentLanguage"
              },
              "Content-Encoding": {
                "$ref": "#/components/headers/ContentEncoding"
              }
            }
          },
          "304": {
            "description": "Not modified: the copy named in If-None-Match is still the answer. No body; Content-Length, when present, is the 200's.",
            "headers": {
              "ETag": {
                "$ref": "#/components/headers/ETag"
              },
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Vary": {
                "$ref": "#/components/headers/Vary"
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "description": "A valid number with no record yet; carries the explanation (first scans often come 24–48 h after posting), how to subscribe, and numbers one undetectable slip away that have records.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/NoRecordProblem"
                }
              }
            },
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Vary": {
                "$ref": "#/components/headers/Vary"
              },
              "Content-Language": {
                "$ref": "#/components/headers/ContentLanguage"
              }
            }
          },
          "422": {
            "description": "Not a valid S10 number; errors and suggestions, numbers known to the store first.",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/InvalidNumberProblem"
                }
              }
            },
            "headers": {
              "Cache-Control": {
                "$ref": "#/components/headers/CacheControl"
              },
              "Vary": {
                "$ref": "#/components/headers/Vary"
              },
              "Content-Language": {
                "$ref": "#/components/headers/ContentLanguage"
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/v1/trackings/batch": {
      "post": {
        "operationId": "getTrackingsBatch",
        "summary": "Up to 100 lookups in one request, answered in order",
        "description": "One store round trip for the lookups; a second only when some valid number has no record, to name its neighbours that have records.",
        "parameters": [
          {
            "$ref": "#/components/parameters/lang"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "numbers"
                ],
                "properties": {
                  "numbers": {
                    "type": "array",
                    "maxItems": 100,
                    "items": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "One result per number, in order",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "results": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/BatchResult"
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/v1/events": {
      "post": {
        "operationId": "ingestEvents",
        "summary": "Store scan events (needs the ingest scope)",
        "description": "Up to 10,000 events as NDJSON (one per line) or a JSON array. The answer is sent only after the store committed the accepted events durably. Ingestion is idempotent: a repeated scan counts as a duplicate. Each event is checked as `posttrace import` checks a line, and a rejected one is reported by its index with the same stable code (see docs/formats.md); `received_at` is set by the server.",
        "security": [
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/x-ndjson": {
              "schema": {
                "type": "string"
              }
            },
            "application/json": {
              "schema": {
                "type": "array",
                "maxItems": 10000,
                "items": {
                  "$ref": "#/components/schemas/Event"
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "What was stored",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "503": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "Content-Encoding",
            "in": "header",
            "required": false,
            "description": "`gzip` to send the body compressed (NDJSON compresses about tenfold); inflated, it has the same size limit. Other codings are refused with 415 and `Accept-Encoding: gzip`.",
            "schema": {
              "type": "string",
              "enum": [
                "gzip",
                "identity"
              ]
            }
          }
        ]
      }
    },
    "/v1/subscriptions": {
      "post": {
        "operationId": "createSubscription",
        "summary": "Subscribe a callback URL to items (any API key)",
        "description": "Numbers need not have any record yet: the first scan triggers `first_record`. The callback URL must be http(s), without credentials, on a host allowed by the server's policy (internal and loopback addresses are refused unless allowed). Deliveries are POSTed as JSON with `PostTrace-Signature: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\" with the secret>`; the secret is returned only here.",
        "security": [
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SubscriptionRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created, with the signing secret: shown this once, so the answer is sent with `Cache-Control: no-store`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Subscription"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "501": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "get": {
        "operationId": "listSubscriptions",
        "summary": "The key's subscriptions (all of them for an admin key)",
        "security": [
          {
            "bearer": []
          }
        ],
        "responses": {
          "200": {
            "description": "Subscriptions, newest first",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "subscriptions": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Subscription"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "501": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/subscriptions/{id}": {
      "get": {
        "operationId": "getSubscription",
        "summary": "One subscription (without its secret)",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The subscription",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Subscription"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "delete": {
        "operationId": "deleteSubscription",
        "summary": "Stop a subscription and drop its pending deliveries",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/subscriptions/{id}/deliveries": {
      "get": {
        "operationId": "listDeliveries",
        "summary": "Deliveries of a subscription, newest first, with state and last error",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Deliveries",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "subscription_id": {
                      "type": "string"
                    },
                    "deliveries": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Delivery"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/subscriptions/{id}/test": {
      "post": {
        "operationId": "sendTestDelivery",
        "summary": "Queue a tracking.test delivery to check the receiver and its signature check",
        "description": "The subscription's first number with that item's current status, signed and retried like any other delivery; the worker sends it within its poll interval.",
        "security": [
          {
            "bearer": []
          }
        ],
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "202": {
            "description": "Queued",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "delivery": {
                      "$ref": "#/components/schemas/Delivery"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/wechat": {
      "get": {
        "operationId": "wechatVerify",
        "summary": "WeChat Official Account server verification (only when a token is configured)",
        "parameters": [
          {
            "name": "signature",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "timestamp",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "nonce",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "echostr",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "echostr, echoed",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        }
      },
      "post": {
        "operationId": "wechatMessage",
        "summary": "A follower's message in the platform's XML; answered with an XML text reply (plain-text mode)",
        "parameters": [
          {
            "name": "signature",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "timestamp",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "nonce",
            "in": "query",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "text/xml": {
              "schema": {
                "type": "string",
                "maxLength": 65536
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "XML text reply (or `success` for events needing no answer)",
            "content": {
              "application/xml": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/healthz": {
      "get": {
        "operationId": "health",
        "summary": "The process answers",
        "security": [
          {}
        ],
        "responses": {
          "200": {
            "description": "Alive"
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "ready",
        "summary": "The store answers",
        "security": [
          {}
        ],
        "responses": {
          "200": {
            "description": "Ready"
          },
          "503": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "summary": "Prometheus text format: requests by route and status, latency histograms by route, events ingested, items stored",
        "security": [
          {}
        ],
        "responses": {
          "200": {
            "description": "Metrics",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "summary": "This document",
        "security": [
          {}
        ],
        "responses": {
          "200": {
            "description": "OpenAPI 3.1"
          }
        }
      }
    },
    "/v1/check-message": {
      "post": {
        "operationId": "checkMessage",
        "summary": "Check an SMS, e-mail or chat message for signs of a postal scam",
        "description": "Never fetches a link and never stores the message. The verdict is likely_scam, suspicious or no_warning_signs (never 'safe'); each signal carries the UTF-16 span of the text it refers to and an explanation in English and Chinese.",
        "security": [
          {}
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "text"
                ],
                "properties": {
                  "text": {
                    "type": "string",
                    "maxLength": 20480,
                    "description": "The message, at most 20 KB of UTF-8."
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The verdict and the signals found",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MessageCheckResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "413": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/v1/contacts": {
      "get": {
        "operationId": "listContacts",
        "summary": "Every postal operator's official channels",
        "description": "The directory behind /contacts: websites, domains, phone numbers with purpose and where to call from, apps, WeChat accounts, each with its source and dates.",
        "security": [
          {}
        ],
        "responses": {
          "200": {
            "description": "Every operator in the directory",
            "headers": {
              "Cache-Control": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ContactsList"
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/v1/contacts/{country}": {
      "get": {
        "operationId": "getContacts",
        "summary": "The official channels of the posts serving one country",
        "security": [
          {}
        ],
        "parameters": [
          {
            "name": "country",
            "in": "path",
            "required": true,
            "description": "ISO 3166-1 alpha-2 code, any case (CN, cn).",
            "schema": {
              "type": "string",
              "pattern": "^[A-Za-z]{2}$"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The operators serving the country",
            "headers": {
              "Cache-Control": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ContactsList"
                }
              }
            }
          },
          "400": {
            "description": "invalid-country: not two letters A–Z; bad-encoding: the path is not UTF-8 after percent-decoding",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/invalid-country",
                            "https://posttrace.org/problems/bad-encoding"
                          ]
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "404": {
            "description": "unknown-country: not an assigned ISO code; no-contacts: assigned, but the directory has no operator for it yet (member `country`)",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/unknown-country",
                            "https://posttrace.org/problems/no-contacts"
                          ]
                        },
                        "country": {
                          "type": "string"
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    },
    "/v1/check-link": {
      "post": {
        "operationId": "checkLink",
        "summary": "Is this link or phone number really the post?",
        "description": "Judges one link (its host, read as a browser reads it: after user info, before the port, case-folded, without trailing dots, IDN homographs and Punycode decoded) or one phone number against the directory. Never fetches the link and never stores what was asked.",
        "security": [
          {}
        ],
        "parameters": [
          {
            "$ref": "#/components/parameters/lang"
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "description": "Exactly one of url and phone (the other absent or null); the body is at most 16384 bytes.",
                "oneOf": [
                  {
                    "type": "object",
                    "required": [
                      "url"
                    ],
                    "properties": {
                      "url": {
                        "type": "string",
                        "maxLength": 2048,
                        "description": "A web link or bare host name, at most 2048 UTF-8 bytes; http, https (or defanged hxxp/hxxps) only.",
                        "minLength": 1,
                        "pattern": "^\\s*((https?|hxxps?)://)?([^/?#@\\s]*@)?[^\\s/?#:@.\\\\]+(\\.[^\\s/?#:@.\\\\]+)+\\.?(:[0-9]{1,5})?([/?#\\\\].*)?\\s*$"
                      },
                      "phone": {
                        "type": "null"
                      }
                    }
                  },
                  {
                    "type": "object",
                    "required": [
                      "phone"
                    ],
                    "properties": {
                      "phone": {
                        "type": "string",
                        "maxLength": 64,
                        "description": "A phone number: digits, spaces, - ( ) . and one leading + (or 00); 3 to 15 digits.",
                        "pattern": "^\\s*(\\+[1-9]|00[1-9]|[0-9])[ ().-]*([0-9][ ().-]*){2,14}\\s*$"
                      },
                      "url": {
                        "type": "null"
                      }
                    }
                  }
                ]
              },
              "examples": {
                "url": {
                  "value": {
                    "url": "https://chinap0st.com/pay"
                  }
                },
                "phone": {
                  "value": {
                    "phone": "11183"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The verdict",
            "headers": {
              "Content-Language": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LinkCheckResult"
                }
              }
            }
          },
          "400": {
            "description": "malformed_json: not JSON or not an object; wrong_type: url or phone is not a string; url_and_phone: both given; missing_url_or_phone: neither given",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/malformed_json",
                            "https://posttrace.org/problems/wrong_type",
                            "https://posttrace.org/problems/url_and_phone",
                            "https://posttrace.org/problems/missing_url_or_phone"
                          ]
                        },
                        "code": {
                          "type": "string",
                          "enum": [
                            "malformed_json",
                            "wrong_type",
                            "url_and_phone",
                            "missing_url_or_phone"
                          ],
                          "description": "The same slug as the end of `type`."
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "413": {
            "description": "body_too_large: the body is over 16384 bytes",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/body_too_large",
                            "https://posttrace.org/problems/body-too-large"
                          ]
                        },
                        "code": {
                          "type": "string",
                          "enum": [
                            "body_too_large"
                          ],
                          "description": "The same slug as the end of `type`."
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "415": {
            "description": "unsupported_media_type: the body is not application/json",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/unsupported_media_type"
                          ]
                        },
                        "code": {
                          "type": "string",
                          "enum": [
                            "unsupported_media_type"
                          ],
                          "description": "The same slug as the end of `type`."
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "422": {
            "description": "url_empty, phone_empty: blank; url_too_long: over 2048 bytes; unsupported_scheme: not http(s) (javascript:, mailto:…); invalid_url: no valid host name (spaces, empty labels, bad port, no dot…); invalid_phone: not a phone number",
            "content": {
              "application/problem+json": {
                "schema": {
                  "allOf": [
                    {
                      "$ref": "#/components/schemas/Problem"
                    },
                    {
                      "type": "object",
                      "required": [
                        "type"
                      ],
                      "properties": {
                        "type": {
                          "type": "string",
                          "enum": [
                            "https://posttrace.org/problems/url_empty",
                            "https://posttrace.org/problems/url_too_long",
                            "https://posttrace.org/problems/unsupported_scheme",
                            "https://posttrace.org/problems/invalid_url",
                            "https://posttrace.org/problems/phone_empty",
                            "https://posttrace.org/problems/invalid_phone"
                          ]
                        },
                        "code": {
                          "type": "string",
                          "enum": [
                            "url_empty",
                            "url_too_long",
                            "unsupported_scheme",
                            "invalid_url",
                            "phone_empty",
                            "invalid_phone"
                          ],
                          "description": "The same slug as the end of `type`."
                        }
                      }
                    }
                  ]
                }
              }
            }
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A key from `posttrace keys create`; scopes read ⊂ ingest ⊂ admin."
      }
    },
    "parameters": {
      "lang": {
        "name": "lang",
        "in": "query",
        "required": false,
        "description": "en or zh-Hans; overrides Accept-Language.",
        "schema": {
          "type": "string",
          "enum": [
            "en",
            "zh",
            "zh-Hans"
          ]
        }
      },
      "ifNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": false,
        "description": "ETags of copies the client holds (or `*`); compared weakly. A match answers 304 without a body.",
        "schema": {
          "type": "string"
        }
      }
    },
    "headers": {
      "ETag": {
        "description": "A strong validator of this answer's bytes (a gzipped answer's ends in `-gzip`); send it back in If-None-Match to get 304 while nothing changed.",
        "schema": {
          "type": "string",
          "example": "\"d90aa3d88e11fe24\""
        }
      },
      "CacheControl": {
        "description": "`no-cache` (revalidate every time) unless the server runs with --cache-max-age N: then `public, max-age=N`, or `private, max-age=N` when reads need a key.",
        "schema": {
          "type": "string",
          "example": "no-cache"
        }
      },
      "Vary": {
        "description": "The request headers the answer was chosen by: `Accept-Language` (the language is negotiated) and, for answers of 1 KiB or more, `Accept-Encoding` (gzip or not), so caches keep each variant apart.",
        "schema": {
          "type": "string",
          "example": "Accept-Language, Accept-Encoding"
        }
      },
      "ContentLanguage": {
        "description": "The language of the plain-word fields: `en` or `zh-Hans`.",
        "schema": {
          "type": "string",
          "enum": [
            "en",
            "zh-Hans"
          ]
        }
      },
      "ContentEncoding": {
        "description": "`gzip` when the client sent `Accept-Encoding: gzip` and the answer is text of 1 KiB or more; absent otherwise.",
        "schema": {
          "type": "string",
          "enum": [
            "gzip"
          ]
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An RFC 9457 problem",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      },
      "RateLimited": {
        "description": "Over the rate limit",
        "headers": {
          "Retry-After": {
            "schema": {
              "type": "integer"
            }
          }
        },
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "schemas": {
      "Problem": {
        "type": "object",
        "required": [
          "type",
          "title",
          "status"
        ],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          }
        }
      },
      "InvalidNumberProblem": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Problem"
          },
          {
            "type": "object",
            "properties": {
              "input": {
                "type": "string"
              },
              "errors": {
                "type": "array",
                "items": {
                  "type": "object",
                  "properties": {
                    "code": {
                      "type": "string"
                    },
                    "message": {
                      "type": "string"
                    }
                  }
                }
              },
              "suggestions": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Suggestion"
                }
              }
            }
          }
        ]
      },
      "NoRecordProblem": {
        "allOf": [
          {
            "$ref": "#/components/schemas/Problem"
          },
          {
            "type": "object",
            "properties": {
              "number": {
                "type": "string"
              },
              "explanation": {
                "type": "object"
              },
              "subscribe": {
                "type": "object",
                "properties": {
                  "feed": {
                    "type": "string"
                  },
                  "page": {
                    "type": "string"
                  }
                }
              },
              "suggestions": {
                "type": "array",
                "description": "Numbers one slip away that the check digit cannot catch (a neighbouring key or swapped letters in the service indicator or country code) and that have records; best first, often empty.",
                "items": {
                  "$ref": "#/components/schemas/Suggestion"
                }
              }
            }
          }
        ]
      },
      "Suggestion": {
        "type": "object",
        "properties": {
          "number": {
            "type": "string"
          },
          "known": {
            "type": "boolean"
          }
        },
        "description": "A corrected or nearby number; `known` when the store has records for it."
      },
      "Event": {
        "type": "object",
        "required": [
          "number",
          "code",
          "time",
          "office"
        ],
        "properties": {
          "number": {
            "type": "string",
            "pattern": "^[A-Z]{2}[0-9]{9}[A-Z]{2}$"
          },
          "code": {
            "type": "string",
            "description": "UPU EMSEVT code, e.g. EMD"
          },
          "time": {
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339 with the office's offset"
          },
          "office": {
            "type": "string"
          },
          "office_name": {
            "type": "string"
          },
          "city": {
            "type": "string"
          },
          "reason": {
            "type": "string"
          },
          "next_office": {
            "type": "string"
          },
          "transport": {
            "type": "string"
          },
          "source": {
            "type": "string"
          },
          "received_at": {
            "type": "integer"
          }
        }
      },
      "SubscriptionRequest": {
        "type": "object",
        "required": [
          "numbers",
          "callback_url"
        ],
        "properties": {
          "numbers": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "items": {
              "type": "string"
            }
          },
          "callback_url": {
            "type": "string",
            "format": "uri",
            "maxLength": 2048
          },
          "triggers": {
            "type": "array",
            "items": {
              "type": "string",
              "enum": [
                "every_event",
                "status_change",
                "first_record",
                "delivered",
                "stale"
              ]
            },
            "default": [
              "status_change"
            ]
          }
        }
      },
      "Subscription": {
        "type": "object",
        "required": [
          "id",
          "numbers",
          "callback_url",
          "triggers",
          "created_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "numbers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "callback_url": {
            "type": "string"
          },
          "triggers": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "deliveries_url": {
            "type": "string"
          },
          "secret": {
            "type": "string",
            "description": "Only in the answer to the creation"
          }
        }
      },
      "Delivery": {
        "type": "object",
        "required": [
          "id",
          "type",
          "number",
          "state",
          "attempts",
          "created_at",
          "status"
        ],
        "properties": {
          "id": {
            "type": "string",
            "description": "The same on every retry: deduplicate on it"
          },
          "type": {
            "type": "string",
            "enum": [
              "tracking.event",
              "tracking.status_changed",
              "tracking.first_record",
              "tracking.delivered",
              "tracking.stale",
              "tracking.test"
            ]
          },
          "number": {
            "type": "string"
          },
          "state": {
            "type": "string",
            "enum": [
              "pending",
              "delivered",
              "failed"
            ]
          },
          "attempts": {
            "type": "integer"
          },
          "status": {
            "type": "string"
          },
          "event_code": {
            "type": "string"
          },
          "last_error": {
            "type": "string"
          },
          "created_at": {
            "type": "string",
            "format": "date-time"
          },
          "next_attempt_at": {
            "type": "string",
            "format": "date-time"
          },
          "delivered_at": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "IngestResult": {
        "type": "object",
        "required": [
          "accepted",
          "duplicates",
          "rejected"
        ],
        "properties": {
          "accepted": {
            "type": "integer"
          },
          "duplicates": {
            "type": "integer"
          },
          "rejected": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "index": {
                  "type": "integer"
                },
                "code": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Timeline": {
        "type": "object",
        "required": [
          "number",
          "status",
          "events",
          "stages",
          "explanation",
          "language"
        ],
        "properties": {
          "number": {
            "type": "string"
          },
          "status": {
            "type": "string",
            "enum": [
              "not_found",
              "info_received",
              "in_transit",
              "in_customs",
              "out_for_delivery",
              "available_for_pickup",
              "delivery_failed",
              "delivered",
              "returned",
              "exception"
            ]
          },
          "customs": {
            "type": "object"
          },
          "reason": {
            "type": "string"
          },
          "stale": {
            "type": "boolean"
          },
          "stages": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "events": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Event"
            }
          },
          "lastUpdate": {
            "type": "string"
          },
          "origin": {
            "type": "string"
          },
          "destination": {
            "type": "string"
          },
          "explanation": {
            "type": "object",
            "properties": {
              "headline": {
                "type": "string"
              },
              "advice": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "contacts": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "language": {
            "type": "string"
          }
        }
      },
      "BatchResult": {
        "type": "object",
        "required": [
          "input",
          "result"
        ],
        "properties": {
          "input": {
            "type": "string"
          },
          "number": {
            "type": "string"
          },
          "result": {
            "type": "string",
            "enum": [
              "found",
              "no_record",
              "invalid"
            ]
          },
          "timeline": {
            "$ref": "#/components/schemas/Timeline"
          },
          "detail": {
            "type": "string",
            "description": "For `no_record`: the explanation (first scans often come 24–48 h after posting), naming the first neighbour with records when there is one."
          },
          "errors": {
            "type": "array"
          },
          "suggestions": {
            "type": "array",
            "description": "For `invalid`: corrections, known numbers first. For `no_record`: numbers one undetectable slip away that have records (the check digit covers only the digits, so CM typed for CN validates).",
            "items": {
              "$ref": "#/components/schemas/Suggestion"
            }
          }
        }
      },
      "MessageCheckResult": {
        "type": "object",
        "properties": {
          "verdict": {
            "type": "string",
            "enum": [
              "likely_scam",
              "suspicious",
              "no_warning_signs"
            ]
          },
          "score": {
            "type": "integer"
          },
          "summary": {
            "type": "object",
            "description": "The text in every language of the checker's rules, by BCP 47 tag.",
            "properties": {
              "en": {
                "type": "string"
              },
              "zh-Hans": {
                "type": "string"
              },
              "zh-Hant": {
                "type": "string"
              },
              "ja": {
                "type": "string"
              },
              "ko": {
                "type": "string"
              },
              "ru": {
                "type": "string"
              },
              "es": {
                "type": "string"
              },
              "fr": {
                "type": "string"
              },
              "de": {
                "type": "string"
              },
              "pt": {
                "type": "string"
              },
              "ar": {
                "type": "string"
              }
            }
          },
          "claimed_operators": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "span_unit": {
            "type": "string",
            "const": "utf16"
          },
          "signals": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "kind": {
                  "type": "string"
                },
                "severity": {
                  "type": "string",
                  "enum": [
                    "info",
                    "warning",
                    "danger"
                  ]
                },
                "weight": {
                  "type": "integer"
                },
                "span": {
                  "type": "object",
                  "properties": {
                    "start": {
                      "type": "integer"
                    },
                    "end": {
                      "type": "integer"
                    }
                  }
                },
                "text": {
                  "type": "string"
                },
                "explanation": {
                  "type": "object",
                  "description": "The text in every language of the checker's rules, by BCP 47 tag.",
                  "properties": {
                    "en": {
                      "type": "string"
                    },
                    "zh-Hans": {
                      "type": "string"
                    },
                    "zh-Hant": {
                      "type": "string"
                    },
                    "ja": {
                      "type": "string"
                    },
                    "ko": {
                      "type": "string"
                    },
                    "ru": {
                      "type": "string"
                    },
                    "es": {
                      "type": "string"
                    },
                    "fr": {
                      "type": "string"
                    },
                    "de": {
                      "type": "string"
                    },
                    "pt": {
                      "type": "string"
                    },
                    "ar": {
                      "type": "string"
                    }
                  }
                },
                "details": {
                  "type": "object",
                  "additionalProperties": {
                    "type": "string"
                  },
                  "description": "Facts used in the explanation (domain, looks_like, operator…); contacts is the /contacts entry of the post the signal concerns, e.g. /contacts/CN#cn-chinapost."
                }
              }
            }
          }
        }
      },
      "LocalizedName": {
        "type": "object",
        "required": [
          "en",
          "zh-Hans"
        ],
        "properties": {
          "en": {
            "type": "string"
          },
          "zh-Hans": {
            "type": "string"
          }
        }
      },
      "PostalOperator": {
        "type": "object",
        "description": "One postal operator's official channels; every domain, phone, app and WeChat account carries its source and dates.",
        "required": [
          "id",
          "name",
          "region",
          "countries",
          "website",
          "domains",
          "phones",
          "apps",
          "wechat",
          "sources",
          "aliases",
          "short_link_domains",
          "contacts_url"
        ],
        "properties": {
          "id": {
            "type": "string",
            "example": "cn-chinapost"
          },
          "name": {
            "$ref": "#/components/schemas/LocalizedName"
          },
          "region": {
            "type": "string",
            "enum": [
              "asia",
              "europe",
              "americas",
              "oceania",
              "africa",
              "middle_east",
              "other"
            ]
          },
          "countries": {
            "type": "array",
            "items": {
              "type": "string",
              "pattern": "^[A-Z]{2}$"
            },
            "description": "ISO 3166-1 alpha-2 codes served."
          },
          "website": {
            "type": "string",
            "format": "uri",
            "description": "The official website; type it yourself."
          },
          "domains": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "domain",
                "source",
                "recorded",
                "checked"
              ],
              "properties": {
                "domain": {
                  "type": "string",
                  "description": "Official registrable domain, lower case, without www."
                },
                "source": {
                  "type": "string",
                  "format": "uri",
                  "description": "The public page the fact was taken from (the operator's own site or the UPU's list)."
                },
                "recorded": {
                  "type": "string",
                  "format": "date",
                  "description": "When the fact was taken from `source`."
                },
                "checked": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date",
                  "description": "When it was last compared with `source` again; null = not re-checked since (shown as such on /contacts: confirm on the official website)."
                }
              }
            }
          },
          "phones": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "number",
                "display",
                "label",
                "call_from",
                "source",
                "recorded",
                "checked"
              ],
              "properties": {
                "number": {
                  "type": "string",
                  "pattern": "^(\\+[1-9][0-9]{6,14}|[0-9]{3,8})$",
                  "description": "E.164, or a national short code (callable only in the country)."
                },
                "display": {
                  "type": "string",
                  "description": "The number as the operator prints it."
                },
                "label": {
                  "$ref": "#/components/schemas/LocalizedName"
                },
                "call_from": {
                  "type": "string",
                  "enum": [
                    "in_country",
                    "in_country_landline",
                    "in_country_mobile",
                    "abroad",
                    "anywhere"
                  ],
                  "description": "Where the number can be called from (in_country: from phones in the operator's country; for China, mainland China)."
                },
                "source": {
                  "type": "string",
                  "format": "uri",
                  "description": "The public page the fact was taken from (the operator's own site or the UPU's list)."
                },
                "recorded": {
                  "type": "string",
                  "format": "date",
                  "description": "When the fact was taken from `source`."
                },
                "checked": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date",
                  "description": "When it was last compared with `source` again; null = not re-checked since (shown as such on /contacts: confirm on the official website)."
                }
              }
            }
          },
          "apps": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "name",
                "source",
                "recorded",
                "checked"
              ],
              "properties": {
                "name": {
                  "type": "string",
                  "description": "The app's name in the app stores."
                },
                "source": {
                  "type": "string",
                  "format": "uri",
                  "description": "The public page the fact was taken from (the operator's own site or the UPU's list)."
                },
                "recorded": {
                  "type": "string",
                  "format": "date",
                  "description": "When the fact was taken from `source`."
                },
                "checked": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date",
                  "description": "When it was last compared with `source` again; null = not re-checked since (shown as such on /contacts: confirm on the official website)."
                }
              }
            }
          },
          "wechat": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "name",
                "source",
                "recorded",
                "checked"
              ],
              "properties": {
                "name": {
                  "type": "string",
                  "description": "The WeChat official account's name."
                },
                "source": {
                  "type": "string",
                  "format": "uri",
                  "description": "The public page the fact was taken from (the operator's own site or the UPU's list)."
                },
                "recorded": {
                  "type": "string",
                  "format": "date",
                  "description": "When the fact was taken from `source`."
                },
                "checked": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date",
                  "description": "When it was last compared with `source` again; null = not re-checked since (shown as such on /contacts: confirm on the official website)."
                }
              }
            }
          },
          "sources": {
            "type": "array",
            "items": {
              "type": "string",
              "format": "uri"
            }
          },
          "aliases": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "Names people and messages use for the operator."
          },
          "short_link_domains": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "contacts_url": {
            "type": "string",
            "description": "The operator's entry on the /contacts page, e.g. /contacts/CN#cn-chinapost."
          }
        }
      },
      "ContactsList": {
        "type": "object",
        "required": [
          "operators"
        ],
        "properties": {
          "country": {
            "type": "string",
            "pattern": "^[A-Z]{2}$",
            "description": "Present when one country was asked for."
          },
          "operators": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PostalOperator"
            }
          }
        }
      },
      "LinkCheckResult": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "verdict",
          "operator",
          "official_alternative",
          "explanation"
        ],
        "properties": {
          "verdict": {
            "type": "string",
            "enum": [
              "official",
              "lookalike",
              "shortener",
              "unknown"
            ],
            "description": "official: a domain or published number of a post in the directory; lookalike: imitates one (look-alike spelling, letters from other alphabets, Punycode, or a post's address placed before an @); shortener: a link shortener hiding the destination; unknown: none of these (not in the directory; may still be harmful)."
          },
          "operator": {
            "type": [
              "string",
              "null"
            ],
            "description": "The operator id that owns it (official) or that it imitates (lookalike)."
          },
          "official_alternative": {
            "type": [
              "string",
              "null"
            ],
            "format": "uri",
            "description": "That operator's official website, to type in instead."
          },
          "explanation": {
            "type": "string",
            "description": "In the request's language (Content-Language)."
          }
        }
      }
    }
  }
}
"""#
}
