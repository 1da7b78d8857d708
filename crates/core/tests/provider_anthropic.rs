//! Anthropic's Messages API: requests as its documentation specifies them, and the
//! stream parser against the documented event sequence, split at every byte.

use nexus_core::provider::*;

fn anthropic(key: Option<&str>) -> Provider {
    Provider::new(Kind::Anthropic, "https://api.anthropic.com/v1/", key.map(Into::into))
}

/// The stream from Anthropic's "Streaming Messages" documentation (basic request),
/// with a multi-byte character and the optional `event:` lines.
fn documented_stream(eol: &str) -> String {
    let events = [
        ("message_start", r#"{"type": "message_start", "message": {"id": "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", "type": "message", "role": "assistant", "content": [], "model": "claude-sonnet-4-5", "stop_reason": null, "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}}"#),
        ("content_block_start", r#"{"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}"#),
        ("ping", r#"{"type": "ping"}"#),
        ("content_block_delta", r#"{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello"}}"#),
        ("content_block_delta", r#"{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "! Grüße"}}"#),
        ("content_block_stop", r#"{"type": "content_block_stop", "index": 0}"#),
        ("message_delta", r#"{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence":null}, "usage": {"output_tokens": 15}}"#),
        ("message_stop", r#"{"type": "message_stop"}"#),
    ];
    events.iter().map(|(name, data)| format!("event: {name}{eol}data: {data}{eol}{eol}")).collect()
}

fn decode_split_at(stream: &str, at: usize) -> Vec<StreamEvent> {
    let mut p = StreamParser::new(Protocol::Anthropic);
    let bytes = stream.as_bytes();
    let mut out = p.push(&bytes[..at]);
    out.extend(p.push(&bytes[at..]));
    out.extend(p.finish());
    out
}

#[test]
fn the_documented_stream_decodes_the_same_split_anywhere() {
    for eol in ["\n", "\r\n"] {
        let stream = documented_stream(eol);
        let whole = decode_split_at(&stream, 0);
        let text: String = whole.iter().filter_map(|e| if let StreamEvent::Delta(t) = e { Some(t.as_str()) } else { None }).collect();
        assert_eq!(text, "Hello! Grüße");
        assert!(whole.contains(&StreamEvent::KeepAlive), "ping");
        assert!(whole.contains(&StreamEvent::Finish("stop".into())), "end_turn reads as stop: {whole:?}");
        assert_eq!(whole.last(), Some(&StreamEvent::Done));
        let last_usage = whole.iter().rev().find_map(|e| if let StreamEvent::Usage(u) = e { Some(u.clone()) } else { None }).unwrap();
        assert_eq!((last_usage.completion_tokens, last_usage.prompt_tokens), (Some(15), None), "message_delta carries the output count");
        let first_usage = whole.iter().find_map(|e| if let StreamEvent::Usage(u) = e { Some(u.clone()) } else { None }).unwrap();
        assert_eq!(first_usage.prompt_tokens, Some(25));
        for at in 0..=stream.len() {
            assert_eq!(decode_split_at(&stream, at), whole, "split at byte {at}");
        }
    }
}

#[test]
fn errors_in_the_stream_and_length_stops() {
    let mut p = StreamParser::new(Protocol::Anthropic);
    let out = p.push(b"event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n");
    assert_eq!(out, vec![StreamEvent::Error("Overloaded".into())]);
    let out = p.push(b"data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"max_tokens\"}, \"usage\": {\"output_tokens\": 8192}}\n\n");
    assert!(out.contains(&StreamEvent::Finish("length".into())), "{out:?}");
    assert!(describe_http_error(529, br#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#).contains("overloaded (529)"));
}

#[test]
fn requests_follow_the_messages_api() {
    let msgs = vec![ChatMessage::new("system", "Be brief."), ChatMessage::new("user", "Hi"), ChatMessage::new("assistant", "Hello"), ChatMessage::new("user", "Again")];
    let r = chat_request(&anthropic(Some("sk-ant-123")), "claude-sonnet-4-5", &msgs).unwrap();
    assert_eq!(r.uri(), "https://api.anthropic.com/v1/messages");
    assert_eq!(r.headers()["x-api-key"], "sk-ant-123");
    assert_eq!(r.headers()["anthropic-version"], "2023-06-01");
    assert!(r.headers().get("authorization").is_none(), "Anthropic takes x-api-key, not a bearer token");
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(body["system"], "Be brief.", "the system prompt is a top-level field");
    assert_eq!(body["messages"].as_array().unwrap().len(), 3);
    assert!(body["messages"].as_array().unwrap().iter().all(|m| m["role"] != "system"));
    assert_eq!((body["stream"].as_bool(), body["max_tokens"].as_u64()), (Some(true), Some(8192)));
    let t = title_request(&anthropic(Some("k")), "claude-haiku-4-5", "u", "a").unwrap();
    let tb: serde_json::Value = serde_json::from_slice(t.body()).unwrap();
    assert!(tb["system"].is_string() && tb.get("stream").is_none());
    assert_eq!(models_request(&anthropic(None)).unwrap().uri(), "https://api.anthropic.com/v1/models?limit=1000");
    let p = anthropic(None);
    assert!(p.needs_key(), "Anthropic always needs a key");
}

#[test]
fn models_and_titles_in_anthropic_form() {
    let p = anthropic(Some("k"));
    let m = parse_models(&p, br#"{"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false}"#).unwrap();
    assert_eq!((m[0].id.as_str(), m[0].name.as_str(), m[0].provider.as_str()), ("claude-sonnet-4-5", "Claude Sonnet 4.5", "anthropic"));
    let t = parse_title(&p, br#"{"type":"message","content":[{"type":"text","text":"\"Greetings From Bob.\""}],"stop_reason":"end_turn"}"#);
    assert_eq!(t.as_deref(), Some("Greetings From Bob"));
}

#[test]
fn parameters_respect_anthropics_limits() {
    let msgs = [ChatMessage::new("user", "hi")];
    let body = |params: &Params| -> serde_json::Value {
        serde_json::from_slice(chat_request_with(&anthropic(Some("k")), "claude", &msgs, params).unwrap().body()).unwrap()
    };
    let b = body(&Params { temperature: Some(1.7), max_tokens: Some(1000), top_p: Some(0.5) });
    assert_eq!(b["temperature"], 1.0, "Anthropic's temperature goes to 1");
    assert!(b.get("top_p").is_none(), "not both: newer models refuse temperature with top_p");
    assert_eq!(b["max_tokens"], 1000);
    let b = body(&Params { top_p: Some(0.5), ..Params::default() });
    assert_eq!((b["top_p"].as_f64(), b.get("temperature")), (Some(0.5), None));
    assert_eq!(body(&Params::default())["max_tokens"], anthropic::MAX_TOKENS, "max_tokens is required: the default");
}

#[test]
fn thinking_blocks_are_reasoning_not_text() {
    // Extended thinking as Anthropic documents its stream: a `thinking` block with
    // thinking_delta pieces and a signature_delta, then the text block.
    let stream = concat!(
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me see. \"}}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}}\n\n",
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"42\"}}\n\n",
    );
    let mut p = StreamParser::new(Protocol::Anthropic);
    let mut events = p.push(stream.as_bytes());
    events.extend(p.finish());
    assert_eq!(events, vec![StreamEvent::Reasoning("Let me see. ".into()), StreamEvent::Delta("42".into())]);
}

#[test]
fn pictures_are_base64_image_blocks_before_the_text() {
    let mut m = ChatMessage::new("user", "What is this?");
    m.images = vec![ChatImage { id: "i1".into(), media_type: "image/png".into(), data: "iVBORw0KGgo=".into() }];
    let mut only = ChatMessage::new("user", "");
    only.images = vec![ChatImage { id: "i2".into(), media_type: "image/gif".into(), data: "R0lGODlh".into() }];
    let msgs = [m, ChatMessage::new("assistant", "A cat."), only];
    let r = chat_request(&anthropic(Some("k")), "claude-sonnet-4-5", &msgs).unwrap();
    let body: serde_json::Value = serde_json::from_slice(r.body()).unwrap();
    assert_eq!(
        body["messages"],
        serde_json::json!([
            { "role": "user", "content": [
                { "type": "image", "source": { "type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo=" } },
                { "type": "text", "text": "What is this?" } ] },
            { "role": "assistant", "content": "A cat." },
            { "role": "user", "content": [
                { "type": "image", "source": { "type": "base64", "media_type": "image/gif", "data": "R0lGODlh" } } ] },
        ])
    );
}
