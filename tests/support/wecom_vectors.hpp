#pragma once
// The WeCom worked examples of shared/PROTOCOLS.md §4 (official sample code's vectors), for the unit
// and end-to-end tests.

namespace jiaxiao::testing::wecom_vectors {

// V1: the official sample's 2016 credentials.
inline constexpr const char* v1_token = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo";
inline constexpr const char* v1_key = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt";
inline constexpr const char* v1_corp = "ww1436e0e65a779aee";
inline constexpr const char* v1_verify_signature = "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb";
inline constexpr const char* v1_verify_timestamp = "1476416373";
inline constexpr const char* v1_verify_nonce = "47744683";
inline constexpr const char* v1_verify_echostr =
    "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
inline constexpr const char* v1_verify_reply = "1288432023552776189";
inline constexpr const char* v1_post_signature = "0c3914025cb4b4d68103f6bfc8db550f79dcf48e";
inline constexpr const char* v1_post_timestamp = "1476422779";
inline constexpr const char* v1_post_nonce = "1597212914";
inline constexpr const char* v1_post_encrypt =
    "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+"
    "kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7"
    "ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg8"
    "4EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+";
inline constexpr const char* v1_post_plaintext =
    "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</"
    "CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>";

// V2: the JSON sample, same credentials.
inline constexpr const char* v2_signature = "e3647471e395139e2308c1fa963f2d648a00b90e";
inline constexpr const char* v2_timestamp = "1409659813";
inline constexpr const char* v2_nonce = "1372623149";
inline constexpr const char* v2_encrypt =
    "cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0B"
    "vFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+"
    "685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=";

// V3: the 2014 credentials quoted in the sample comments.
inline constexpr const char* v3_token = "QDG6eK";
inline constexpr const char* v3_key = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
inline constexpr const char* v3_corp = "wx5823bf96d3bd56c7";
inline constexpr const char* v3_get_query =
    "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr="
    "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";
inline constexpr const char* v3_get_reply = "1616140317555161061";
inline constexpr const char* v3_post_query =
    "msg_signature=477715d11cdb4164915debcba66cb864d751f3e6&timestamp=1409659813&nonce=1372623149";
inline constexpr const char* v3_post_encrypt =
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
    "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+"
    "HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
    "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/"
    "uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
inline constexpr const char* v3_random = "0960688932c47ef1";

}  // namespace jiaxiao::testing::wecom_vectors
