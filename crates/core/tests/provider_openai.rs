//! The OpenAI chat completions protocol: the stream parser against real-shaped OpenRouter streams split
//! at every byte, error bodies, model listings and titles.

use nexus_core::provider::openai::{APP_REFERER, APP_TITLE};
use nexus_core::provider::*;

/// The OpenRouter provider with this key.
fn openrouter(base: &str, key: Option<&str>) -> Provider {
    Provider::new(Kind::OpenRouter, base, key.map(Into::into))
}

/// A stream as OpenRouter sends it (keep-alive comments, role chunk, content with
/// multi-byte characters, finish chunk, usage-only chunk with cost, [DONE]).
fn openrouter_stream(eol: &str) -> String {
    let chunk = |content: &str, finish: &str| {
        format!(
            "data: {{\"id\":\"gen-1\",\"provider\":\"OpenAI\",\"model\":\"openai/gpt-4o-mini\",\"object\":\"chat.completion.chunk\",\"created\":1,\"choices\":[{{\"index\":0,\"delta\":{{\"role\":\"assistant\",\"content\":{}}},\"finish_reason\":{finish},\"native_finish_reason\":{finish},\"logprobs\":null}}]}}{eol}{eol}",
            serde_json::to_string(content).unwrap()
        )
    };
    let mut s = String::new();
    s.push_str(&format!(": OPENROUTER PROCESSING{eol}{eol}"));
    s.push_str(&chunk("", "null"));
    s.push_str(&chunk("Grüße", "null"));
    s.push_str(&format!(": OPENROUTER PROCESSING{eol}{eol}"));
    s.push_str(&chunk(" — 你好", "null"));
    s.push_str(&chunk(" 🎉!\nNew line", "null"));
    s.push_str(&chunk("", "\"stop\""));
    s.push_str(&format!(
        "data: {{\"id\":\"gen-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{{\"prompt_tokens\":12,\"completion_tokens\":7,\"total_tokens\":19,\"cost\":0.0000123}}}}{eol}{eol}"
    ));
    s.push_str(&format!("data: [DONE]{eol}{eol}"));
    s
}

fn expected() -> Vec<StreamEvent> {
    use StreamEvent::*;
    vec![
        KeepAlive,
        Delta("Grüße".into()),
        KeepAlive,
        Delta(" — 你好".into()),
        Delta(" 🎉!\nNew line".into()),
        Finish("stop".into()),
        Usage(nexus_core::provider::Usage { prompt_tokens: Some(12), completion_tokens: Some(7), total_tokens: Some(19), cost: Some(0.0000123) }),
        Done,
    ]
}

fn parse_in_pieces(bytes: &[u8], cuts: &[usize]) -> Vec<StreamEvent> {
    let mut p = StreamParser::new(Protocol::OpenAi);
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts {
        out.extend(p.push(&bytes[start..c]));
        start = c;
    }
    out.extend(p.push(&bytes[start..]));
    out.extend(p.finish());
    out
}

#[test]
fn whole_stream_parses() {
    for eol in ["\n", "\r\n", "\r"] {
        let s = openrouter_stream(eol);
        assert_eq!(parse_in_pieces(s.as_bytes(), &[]), expected(), "eol {eol:?}");
    }
}

#[test]
fn every_single_split_point_gives_the_same_events() {
    for eol in ["\n", "\r\n", "\r"] {
        let s = openrouter_stream(eol);
        let b = s.as_bytes();
        for i in 0..=b.len() {
            assert_eq!(parse_in_pieces(b, &[i]), expected(), "eol {eol:?}, split at {i}");
        }
    }
}

#[test]
fn byte_by_byte_and_many_double_splits() {
    let s = openrouter_stream("\r\n");
    let b = s.as_bytes();
    let all: Vec<usize> = (1..b.len()).collect();
    assert_eq!(parse_in_pieces(b, &all), expected());
    for i in (0..b.len()).step_by(5) {
        for j in (i..b.len()).step_by(11) {
            assert_eq!(parse_in_pieces(b, &[i, j]), expected(), "splits {i},{j}");
        }
    }
}

#[test]
fn events_are_returned_as_soon_as_complete() {
    let mut p = StreamParser::new(Protocol::OpenAi);
    assert_eq!(p.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}\n"), vec![]);
    assert_eq!(p.push(b"\n"), vec![StreamEvent::Delta("Hi".into())]);
    assert_eq!(p.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"!\"}}]}\n\ndata: [DO"), vec![StreamEvent::Delta("!".into())]);
    assert_eq!(p.push(b"NE]\n\n"), vec![StreamEvent::Done]);
}

#[test]
fn last_event_without_blank_line_is_kept_at_end() {
    let mut p = StreamParser::new(Protocol::OpenAi);
    assert_eq!(p.push(b"data: {\"choices\":[{\"delta\":{\"content\":\"tail\"}}]}"), vec![]);
    assert_eq!(p.finish(), vec![StreamEvent::Delta("tail".into())]);
}

#[test]
fn in_stream_error_object() {
    let mut p = StreamParser::new(Protocol::OpenAi);
    let ev = p.push(b"data: {\"id\":\"x\",\"error\":{\"code\":502,\"message\":\"Provider returned error\",\"metadata\":{\"raw\":\"upstream overloaded\"}},\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"error\"}]}\n\n");
    assert_eq!(ev, vec![
        StreamEvent::Error("Provider returned error (upstream overloaded)".into()),
        StreamEvent::Finish("error".into()),
    ]);
    let ev = p.push(b"data: {\"error\":\"plain text error\"}\n\n");
    assert_eq!(ev, vec![StreamEvent::Error("plain text error".into())]);
}

#[test]
fn multi_line_data_other_fields_and_junk() {
    let mut p = StreamParser::new(Protocol::OpenAi);
    let ev = p.push(b"event: message\nid: 7\nretry: 10\ndata: {\"choices\":\ndata: [{\"delta\":{\"content\":\"joined\"}}]}\n\ndata: not json\n\ndata:{\"choices\":[{\"delta\":{}}]}\n\n");
    assert_eq!(ev, vec![StreamEvent::Delta("joined".into())]);
}

#[test]
fn http_errors_are_explained() {
    let e = describe_http_error(401, br#"{"error":{"message":"No auth credentials found","code":401}}"#);
    assert!(e.contains("rejected the API key (401)") && e.contains("Settings") && e.contains("No auth credentials found"), "{e}");
    let e = describe_http_error(402, br#"{"error":{"message":"Insufficient credits","code":402}}"#);
    assert!(e.contains("no credit") && e.contains("Insufficient credits"), "{e}");
    let e = describe_http_error(429, b"");
    assert!(e.contains("rate-limiting requests (429)") && !e.contains("Provider says"), "{e}");
    let e = describe_http_error(502, b"<html><body>Bad gateway</body></html>");
    assert!(e.contains("server error (502)") && !e.contains("<html>"), "HTML is not quoted: {e}");
    let e = describe_http_error(404, br#"{"error":{"message":"model not found"}}"#);
    assert!(e.contains("does not know this model") && e.contains("model not found"), "{e}");
    let e = describe_http_error(400, b"plain words from a small server");
    assert!(e.contains("(400)") && e.contains("plain words"), "{e}");
}

#[test]
fn chat_request_has_what_openrouter_wants() {
    let p = openrouter("https://openrouter.ai/api/v1/", Some("sk-1"));
    let r = chat_request(&p, "m/x", &[ChatMessage::new("user", "hi")]).unwrap();
    assert_eq!(r.uri(), "https://openrouter.ai/api/v1/chat/completions");
    assert_eq!(r.method(), "POST");
    assert_eq!(r.headers()["authorization"], "Bearer sk-1");
    assert_eq!(r.headers()["x-title"], APP_TITLE);
    assert_eq!(r.headers()["http-referer"], APP_REFERER);
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(body["stream"], true);
    assert_eq!(body["model"], "m/x");
    assert_eq!(body["messages"], serde_json::json!([{ "role": "user", "content": "hi" }]));
    let anon = openrouter("http://127.0.0.1:11434/v1", None);
    let r = models_request(&anon).unwrap();
    assert_eq!(r.uri(), "http://127.0.0.1:11434/v1/models");
    assert!(r.headers().get("authorization").is_none());
}

/// The key travels in `Provider` and `Settings`; neither may show it in `{:?}` (a log
/// line) nor `{}`.
#[test]
fn keys_never_show_in_debug_or_display() {
    let key = "sk-or-v1-0123456789abcdef-secret";
    let p = openrouter("https://openrouter.ai/api/v1", Some(key));
    for shown in [format!("{p:?}"), format!("{p:#?}"), format!("{:?}", p.api_key), format!("{}", p.api_key.clone().unwrap())] {
        assert!(!shown.contains("0123456789abcdef"), "leaked: {shown}");
        assert!(shown.contains(nexus_core::secret::REDACTED), "{shown}");
    }
    assert_eq!(p.api_key.as_ref().unwrap().expose(), key, "the value itself is still there to send");
    let secret: nexus_core::secret::Secret = serde_json::from_str(&format!("{key:?}")).unwrap();
    assert!(!format!("{secret:?}").contains("secret\""));
    assert_eq!(secret.expose(), key);
}

#[test]
fn only_a_local_server_may_go_without_a_key() {
    // The server connection's kind follows its URL and protocol.
    assert_eq!(Kind::infer(Protocol::OpenAi, "https://openrouter.ai/api/v1/"), Kind::OpenRouter);
    assert_eq!(Kind::infer(Protocol::OpenAi, "HTTPS://api.openai.com:443/v1"), Kind::OpenAi);
    assert_eq!(Kind::infer(Protocol::OpenAi, "https://api.deepseek.com"), Kind::DeepSeek);
    assert_eq!(Kind::infer(Protocol::OpenAi, "http://127.0.0.1:11434/v1"), Kind::Compatible);
    assert_eq!(Kind::infer(Protocol::Anthropic, "http://127.0.0.1:9/v1"), Kind::Anthropic);
    for k in KINDS {
        assert_eq!(k.needs_key, k.kind != Kind::Compatible, "{:?}", k.kind);
        assert_eq!(Kind::parse(k.kind.as_str()), Some(k.kind));
    }
    let local = Provider::new(Kind::Compatible, "http://127.0.0.1:11434/v1", None);
    assert!(!local.needs_key());
    let r = chat_request(&local, "llama3.2", &[ChatMessage::new("user", "hi")]).unwrap();
    assert!(r.headers().get("authorization").is_none(), "no key: no Authorization header");
    let empty = Provider::new(Kind::Compatible, "http://127.0.0.1:11434/v1", Some("".into()));
    assert!(chat_request(&empty, "llama3.2", &[]).unwrap().headers().get("authorization").is_none());
}

#[test]
fn models_keep_text_output_only() {
    let body = br#"{"data":[
        {"id":"openai/gpt-4o","name":"GPT-4o","context_length":128000,"pricing":{"prompt":"0.0000025","completion":"0.00001"},"architecture":{"output_modalities":["text"]}},
        {"id":"x/img","name":"Img","architecture":{"output_modalities":["image"]}},
        {"id":"y/old","name":"Old","architecture":{"modality":"text->text"}},
        {"id":"y/paint","name":"Paint","architecture":{"modality":"text->image"}},
        {"id":"anthropic/claude","name":"Claude","top_provider":{"context_length":200000},"pricing":{"prompt":"-1"}}
    ]}"#;
    let m = parse_models(&openrouter("http://x", None), body).unwrap();
    let ids: Vec<&str> = m.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, vec!["anthropic/claude", "openai/gpt-4o", "y/old"]);
    assert_eq!(m[0].context_length, Some(200000));
    assert_eq!(m[0].prompt_price_per_mtok, None, "negative (variable) prices are unknown");
    assert_eq!(m[1].prompt_price_per_mtok, Some(2.5));
    assert_eq!(m[1].completion_price_per_mtok, Some(10.0));
    // Ollama / plain OpenAI listing.
    let m = parse_models(&openrouter("http://x", None), br#"{"object":"list","data":[{"id":"llama3.2:3b","object":"model","owned_by":"library"}]}"#).unwrap();
    assert_eq!(m[0].id, "llama3.2:3b");
    assert_eq!(m[0].provider, "other");
    assert!(parse_models(&openrouter("http://x", None), b"{\"models\":[]}").is_err());
}

#[test]
fn titles_are_cleaned_to_five_words() {
    assert_eq!(clean_title("\"Greetings From The Test Suite.\"").as_deref(), Some("Greetings From The Test Suite"));
    assert_eq!(clean_title("Title: **Rust ownership explained**").as_deref(), Some("Rust ownership explained"));
    assert_eq!(clean_title("one two three four five six seven").as_deref(), Some("one two three four five"));
    assert_eq!(clean_title("\n\n  Trip to Lisbon!\nmore").as_deref(), Some("Trip to Lisbon"));
    assert_eq!(clean_title("  \"\"  "), None);
    assert_eq!(parse_title(&openrouter("http://x", None), br#"{"choices":[{"message":{"content":"Hi there"}}]}"#).as_deref(), Some("Hi there"));
    assert_eq!(parse_title(&openrouter("http://x", None), br#"{"choices":[]}"#), None);
}

#[test]
fn each_kind_gets_its_dialect_and_the_conversation_parameters() {
    let msgs = [ChatMessage::new("user", "hi")];
    let body = |p: &Provider, params: &Params| -> serde_json::Value {
        serde_json::from_slice(chat_request_with(p, "m", &msgs, params).unwrap().body()).unwrap()
    };
    let params = Params { temperature: Some(1.5), max_tokens: Some(300), top_p: Some(0.9) };
    // OpenRouter: its usage accounting (cost), max_tokens.
    let or = body(&openrouter("https://openrouter.ai/api/v1", Some("k")), &params);
    assert_eq!(or["usage"]["include"], true);
    assert_eq!((or["temperature"].as_f64(), or["top_p"].as_f64(), or["max_tokens"].as_i64()), (Some(1.5), Some(0.9), Some(300)));
    // OpenAI refuses fields it does not know, and wants max_completion_tokens.
    let oa = body(&Provider::new(Kind::OpenAi, "https://api.openai.com/v1", Some("k".into())), &params);
    assert!(oa.get("usage").is_none(), "{oa}");
    assert!(oa.get("max_tokens").is_none());
    assert_eq!(oa["max_completion_tokens"], 300);
    assert_eq!(oa["stream_options"]["include_usage"], true);
    // No parameters: none sent (the provider's defaults).
    let plain = body(&Provider::new(Kind::DeepSeek, "https://api.deepseek.com", Some("k".into())), &Params::default());
    for k in ["temperature", "top_p", "max_tokens", "usage"] {
        assert!(plain.get(k).is_none(), "{k} in {plain}");
    }
    // Ranges.
    assert!(params.problem().is_none());
    assert!(Params { temperature: Some(2.1), ..Params::default() }.problem().unwrap().contains("temperature"));
    assert!(Params { top_p: Some(-0.1), ..Params::default() }.problem().unwrap().contains("top_p"));
    assert!(Params { max_tokens: Some(0), ..Params::default() }.problem().unwrap().contains("max_tokens"));
    assert!(serde_json::from_str::<Params>(r#"{"temperature":1,"seed":3}"#).is_err(), "unknown fields are refused");
}

#[test]
fn origins_are_compared_as_spin_names_hosts() {
    assert_eq!(origin_of("https://API.openai.com:443/v1/chat"), "https://api.openai.com");
    assert_eq!(origin_of("http://192.168.1.5:11434/v1"), "http://192.168.1.5:11434");
    assert_eq!(origin_of("http://localhost:80"), "http://localhost");
    assert_ne!(origin_of("http://localhost:8080"), origin_of("http://localhost"));
}

#[test]
fn reasoning_deltas_are_kept_apart_from_the_answer() {
    // OpenRouter: `delta.reasoning`; DeepSeek's reasoner: `delta.reasoning_content`.
    let stream = concat!(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Thinking \"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"hard.\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Answer\",\"reasoning\":null}}]}\n\n",
        "data: [DONE]\n\n",
    );
    let mut p = StreamParser::new(Protocol::OpenAi);
    let events = p.push(stream.as_bytes());
    assert_eq!(events, vec![
        StreamEvent::Reasoning("Thinking ".into()),
        StreamEvent::Reasoning("hard.".into()),
        StreamEvent::Delta("Answer".into()),
        StreamEvent::Done,
    ]);
}

#[test]
fn moderation_follows_openais_format() {
    let p = Provider::new(Kind::OpenAi, "https://api.openai.com/v1", Some("sk-mod".into()));
    let r = openai::moderation_request(&p, "some text").unwrap();
    assert_eq!(r.uri().to_string(), "https://api.openai.com/v1/moderations");
    assert_eq!(r.headers()["authorization"], "Bearer sk-mod");
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(body, serde_json::json!({ "model": "omni-moderation-latest", "input": "some text" }));
    let flagged = br#"{"id":"modr-1","model":"omni-moderation-latest","results":[{"flagged":true,
        "categories":{"violence":true,"harassment":false,"self-harm/intent":true},"category_scores":{"violence":0.9}}]}"#;
    assert_eq!(openai::parse_moderation(flagged).unwrap(), openai::Moderation { flagged: true, categories: vec!["self-harm/intent".into(), "violence".into()] });
    let clean = br#"{"results":[{"flagged":false,"categories":{"violence":false}}]}"#;
    assert!(!openai::parse_moderation(clean).unwrap().flagged);
    assert!(openai::parse_moderation(br#"{"results":[{}]}"#).is_err(), "a result without `flagged` is not trusted");
}

#[test]
fn google_models_lose_their_prefix_and_what_takes_pictures_is_recorded() {
    let google = Provider::new(Kind::Google, "https://generativelanguage.googleapis.com/v1beta/openai", Some("k".into()));
    let body = br#"{"object":"list","data":[{"id":"models/gemini-2.5-flash","object":"model","owned_by":"google"}]}"#;
    let models = parse_models(&google, body).unwrap();
    assert_eq!((models[0].id.as_str(), models[0].provider.as_str(), models[0].images), ("gemini-2.5-flash", "google", true));
    let or = openrouter("https://openrouter.ai/api/v1", None);
    let body = br#"{"data":[
        {"id":"a/vision","architecture":{"input_modalities":["text","image"],"output_modalities":["text"]}},
        {"id":"b/old-vision","architecture":{"modality":"text+image->text"}},
        {"id":"c/text","architecture":{"modality":"text->text"}}]}"#;
    let seen: Vec<(String, bool)> = parse_models(&or, body).unwrap().into_iter().map(|m| (m.id, m.images)).collect();
    assert_eq!(seen, [("a/vision".into(), true), ("b/old-vision".into(), true), ("c/text".into(), false)]);
}

#[test]
fn errors_name_the_provider() {
    let anthropic = Provider::new(Kind::Anthropic, "https://api.anthropic.com/v1", Some("k".into()));
    let e = describe_http_error_for(&anthropic, 401, br#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#);
    assert!(e.starts_with("Anthropic rejected the API key (401). Check its key in Settings → Providers."), "{e}");
    assert!(e.ends_with("Provider says: invalid x-api-key"), "{e}");
    let local = Provider::new(Kind::Compatible, "http://192.168.1.5:11434/v1", None);
    assert!(describe_http_error_for(&local, 404, b"").starts_with("The server at http://192.168.1.5:11434 does not know this model"));
    assert!(describe_http_error_for(&Provider::new(Kind::OpenRouter, DEFAULT_BASE_URL, None), 402, b"").starts_with("OpenRouter says the account has no credit"));
}

#[test]
fn pictures_are_data_url_parts_after_the_text() {
    let mut m = ChatMessage::new("user", "What is this?");
    m.images = vec![
        ChatImage { id: "i1".into(), media_type: "image/png".into(), data: "iVBORw0KGgo=".into() },
        ChatImage { id: "i2".into(), media_type: "image/webp".into(), data: "UklGRg==".into() },
    ];
    let mut only = ChatMessage::new("user", "");
    only.images = vec![ChatImage { id: "i3".into(), media_type: "image/jpeg".into(), data: "/9j/4A==".into() }];
    let msgs = [ChatMessage::new("system", "Be brief."), m, only];
    let r = chat_request(&openrouter("https://openrouter.ai/api/v1", Some("k")), "openai/gpt-4o", &msgs).unwrap();
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(
        body["messages"],
        serde_json::json!([
            { "role": "system", "content": "Be brief." },
            { "role": "user", "content": [
                { "type": "text", "text": "What is this?" },
                { "type": "image_url", "image_url": { "url": "data:image/png;base64,iVBORw0KGgo=" } },
                { "type": "image_url", "image_url": { "url": "data:image/webp;base64,UklGRg==" } } ] },
            { "role": "user", "content": [ { "type": "image_url", "image_url": { "url": "data:image/jpeg;base64,/9j/4A==" } } ] },
        ])
    );
}
