//! The question list's form fields: where they sit, what they say, that they fill, that the
//! file stays PDF/UA-1 and PDF/A-2b valid.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::common::*;

/// Every field of the AcroForm: (name, dictionary).
fn fields(doc: &Document) -> Vec<(String, ObjectId, Dictionary)> {
    let catalog = doc.catalog().expect("catalog");
    let form = catalog.get(b"AcroForm").and_then(Object::as_dict).expect("an AcroForm");
    form.get(b"Fields")
        .and_then(Object::as_array)
        .expect("fields")
        .iter()
        .map(|o| {
            let id = o.as_reference().expect("field reference");
            let dict = doc.get_dictionary(id).expect("field").clone();
            let name = decode_text(dict.get(b"T").and_then(Object::as_str).expect("/T"));
            (name, id, dict)
        })
        .collect()
}

/// The field with this name.
fn field<'a>(fields: &'a [(String, ObjectId, Dictionary)], name: &str) -> &'a Dictionary {
    &fields.iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("no field {name}")).2
}

fn rect(dict: &Dictionary) -> [f32; 4] {
    let r = dict.get(b"Rect").and_then(Object::as_array).expect("/Rect");
    [0, 1, 2, 3].map(|i| r[i].as_float().expect("number"))
}

/// The dictionary reached through nested inline dictionaries, e.g. `/AP /N`.
fn inner<'a>(dict: &'a Dictionary, keys: &[&[u8]]) -> &'a Dictionary {
    keys.iter().fold(dict, |d, key| {
        d.get(key)
            .and_then(Object::as_dict)
            .unwrap_or_else(|_| panic!("no /{}", String::from_utf8_lossy(key)))
    })
}

fn name(dict: &Dictionary, key: &[u8]) -> Vec<u8> {
    dict.get(key).and_then(Object::as_name).expect("a name").to_vec()
}

fn questions_pdf(extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = temp();
    let mut args = vec!["build", "--doc", "questions"];
    args.extend_from_slice(extra);
    let output = run(dir.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.path().join("out/en/calcinosis-questions.pdf");
    (dir, path)
}

#[test]
fn every_question_has_an_answer_field_and_a_tick_box_with_tooltips() {
    let pdf = Pdf::open(default_build().join("out/en/calcinosis-questions.pdf"));
    let fields = fields(&pdf.doc);
    let data = default_data();
    let questions = data["questions"].as_array().expect("questions");
    assert_eq!(fields.len(), questions.len() * 2 + 4);
    for (i, question) in questions.iter().enumerate() {
        let text = question["text"].as_str().expect("text");
        let n = i + 1;
        let answer = field(&fields, &format!("question_{n}_answer"));
        assert_eq!(name(answer, b"FT"), b"Tx");
        assert_eq!(
            answer.get(b"Ff").and_then(Object::as_i64).expect("flags") & (1 << 12),
            1 << 12,
            "multiline"
        );
        assert_eq!(decode_text(answer.get(b"TU").and_then(Object::as_str).expect("/TU")), text);
        let ask = field(&fields, &format!("question_{n}_ask"));
        assert_eq!(name(ask, b"FT"), b"Btn");
        let tooltip = decode_text(ask.get(b"TU").and_then(Object::as_str).expect("/TU"));
        assert!(tooltip.starts_with("I want to ask this") && tooltip.ends_with(text), "{tooltip}");
        let states = inner(ask, &[b"AP", b"N"]);
        assert!(states.has(b"Yes") && states.has(b"Off"), "appearances for both states");
    }
    for single in ["patient_name", "visit_date", "doctor_name", "own_questions"] {
        let field = field(&fields, single);
        assert_eq!(name(field, b"FT"), b"Tx");
        assert!(field.get(b"AP").is_ok(), "{single} has an appearance");
        assert!(field.get(b"DA").is_ok(), "{single} names its font");
    }
}

#[test]
fn fields_sit_on_the_page_over_their_drawn_space_in_reading_order() {
    let pdf = Pdf::open(default_build().join("out/en/calcinosis-questions.pdf"));
    let pages: Vec<ObjectId> = pdf.doc.get_pages().into_values().collect();
    let fields = fields(&pdf.doc);
    for (field_name, id, dict) in &fields {
        let page = dict.get(b"P").and_then(Object::as_reference).expect("/P");
        assert!(pages.contains(&page));
        let page_dict = pdf.doc.get_dictionary(page).expect("page");
        let media = page_dict.get(b"MediaBox").and_then(Object::as_array).expect("box").clone();
        let [x1, y1, x2, y2] = rect(dict);
        let (w, h) = (media[2].as_float().expect("w"), media[3].as_float().expect("h"));
        assert!(0.0 < x1 && x1 < x2 && x2 < w && 0.0 < y1 && y1 < y2 && y2 < h, "{field_name} off the page");
        let annots = page_dict.get(b"Annots").and_then(Object::as_array).expect("annots");
        assert!(annots.iter().any(|a| a.as_reference().ok() == Some(*id)), "{field_name} in /Annots");
        assert_eq!(
            pdf.doc
                .get_dictionary(page)
                .expect("page")
                .get(b"Tabs")
                .and_then(Object::as_name)
                .expect("/Tabs"),
            b"S"
        );
    }
    // Each answer field is the ruled space: two lines of 1.2 + 0.5 × spacing em (1.575 em at
    // the 12 pt fit with 0.75 spacing), the text width; its tick box sits just above it, at
    // the left margin.
    for n in 1..=3 {
        let answer = rect(field(&fields, &format!("question_{n}_answer")));
        let ask = rect(field(&fields, &format!("question_{n}_ask")));
        assert!((answer[3] - answer[1] - 37.8).abs() < 0.5, "answer height {answer:?}");
        assert!(answer[2] - answer[0] > 450.0, "answer width {answer:?}");
        assert!(
            (ask[2] - ask[0] - 13.2).abs() < 0.5 && (ask[3] - ask[1] - 13.2).abs() < 0.5,
            "tick box {ask:?}"
        );
        assert!((ask[0] - answer[0]).abs() < 0.5, "tick box at the margin");
        assert!(ask[1] > answer[3], "tick box above its answer space");
    }
    // Reading order: question 1 above question 2 on page 1.
    let first = rect(field(&fields, "question_1_answer"));
    let second = rect(field(&fields, "question_2_answer"));
    assert!(first[1] > second[3]);
}

#[test]
fn widgets_are_form_elements_in_the_structure_tree() {
    let pdf = Pdf::open(default_build().join("out/en/calcinosis-questions.pdf"));
    let fields = fields(&pdf.doc);
    let forms: Vec<&Dictionary> = pdf
        .doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"S").and_then(Object::as_name).ok() == Some(b"Form".as_slice()))
        .collect();
    assert_eq!(forms.len(), fields.len());
    for (_, id, dict) in &fields {
        let key = dict.get(b"StructParent").and_then(Object::as_i64).expect("/StructParent");
        assert!(key >= 0);
        assert!(forms.iter().any(|f| f
            .get(b"K")
            .and_then(Object::as_dict)
            .and_then(|k| k.get(b"Obj"))
            .and_then(Object::as_reference)
            .ok()
            == Some(*id)));
    }
}

#[test]
fn filled_values_read_back() {
    let (_dir, path) = questions_pdf(&[]);
    let mut doc = Document::load(&path).expect("pdf");
    let ids: Vec<(String, ObjectId)> = fields(&doc).into_iter().map(|(n, id, _)| (n, id)).collect();
    let id = |n: &str| ids.iter().find(|f| f.0 == n).expect("field").1;
    let utf16 = |s: &str| {
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, lopdf::StringFormat::Hexadecimal)
    };
    doc.get_dictionary_mut(id("patient_name")).expect("field").set("V", utf16("María García"));
    doc.get_dictionary_mut(id("question_1_answer"))
        .expect("field")
        .set("V", utf16("Blood tests.\nAsk about CT."));
    let ask = doc.get_dictionary_mut(id("question_2_ask")).expect("field");
    ask.set("V", "Yes");
    ask.set("AS", "Yes");
    let filled = path.with_file_name("filled.pdf");
    doc.save(&filled).expect("save");

    let doc = Document::load(&filled).expect("reload");
    let fields = fields(&doc);
    let value = |n: &str| field(&fields, n).get(b"V").expect("/V").clone();
    assert_eq!(decode_text(value("patient_name").as_str().expect("text")), "María García");
    assert_eq!(
        decode_text(value("question_1_answer").as_str().expect("text")),
        "Blood tests.\nAsk about CT."
    );
    assert_eq!(value("question_2_ask").as_name().expect("name"), b"Yes");
    assert_eq!(value("question_3_ask").as_name().expect("name"), b"Off");
}

fn validate(path: &std::path::Path, profile: &str) -> Vec<String> {
    use page_validation::{validate_pdf, ValidationOptions, ValidationProfile};
    let profile: ValidationProfile = profile.parse().expect("profile");
    let report = validate_pdf(path, &ValidationOptions::default().profile(profile)).expect("validates");
    report.failures.iter().map(|f| format!("[{}] {}", f.rule_id, f.message)).collect()
}

#[test]
fn the_form_passes_pdf_ua_1_and_pdf_a_2b() {
    let (_ua_dir, ua) = questions_pdf(&["--standard", "ua-1"]);
    assert_eq!(validate(&ua, "ua1"), Vec::<String>::new());
    let (_a_dir, archive) = questions_pdf(&["--standard", "a-2b"]);
    assert_eq!(validate(&archive, "2b"), Vec::<String>::new());
}

#[test]
fn no_forms_writes_the_print_only_version_and_other_documents_have_no_form() {
    let (_dir, path) = questions_pdf(&["--no-forms"]);
    let pdf = Pdf::open(&path);
    assert!(pdf.doc.catalog().expect("catalog").get(b"AcroForm").is_err());
    assert!(normalize(&pdf.text()).contains("1. Which tests"), "the printed form is the same");
    let overview = Pdf::open(default_build().join("out/en/calcinosis-overview.pdf"));
    assert!(overview.doc.catalog().expect("catalog").get(b"AcroForm").is_err());
}

#[test]
fn the_form_font_is_embedded_and_covers_latin_vietnamese_and_cyrillic_names() {
    let pdf = Pdf::open(default_build().join("out/en/calcinosis-questions.pdf"));
    let form = pdf.doc.catalog().expect("catalog").get(b"AcroForm").and_then(Object::as_dict).expect("form");
    let fonts = inner(form, &[b"DR", b"Font"]);
    let (_, font) = fonts.iter().next().expect("a form font");
    let font = pdf.doc.get_dictionary(font.as_reference().expect("ref")).expect("font");
    assert_eq!(name(font, b"Subtype"), b"Type0");
    assert_eq!(name(font, b"Encoding"), b"Identity-H");
    let descendant = font.get(b"DescendantFonts").and_then(Object::as_array).expect("descendants")[0]
        .as_reference()
        .expect("ref");
    let descriptor = pdf
        .doc
        .get_dictionary(descendant)
        .expect("cid font")
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .expect("descriptor");
    assert!(pdf.doc.get_dictionary(descriptor).expect("descriptor").has(b"FontFile2"), "embedded");
    let cmap = pdf
        .doc
        .get_object(font.get(b"ToUnicode").and_then(Object::as_reference).expect("ToUnicode"))
        .expect("stream");
    let cmap = cmap.as_stream().expect("stream").decompressed_content().expect("inflates");
    let cmap = String::from_utf8_lossy(&cmap);
    let mapped: std::collections::HashSet<char> = cmap
        .lines()
        .filter_map(|l| l.split_once("> <").map(|(_, u)| u.trim_end_matches('>')))
        .filter_map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
        .collect();
    for c in "María García Nguyễn Văn An Иванов Ørsted Łukasz".chars().filter(|c| !c.is_whitespace())
    {
        assert!(mapped.contains(&c), "the form font cannot show `{c}`");
    }
    // Typed answers sit on the ruled lines: their size steps one line per rule.
    let answer = fields(&pdf.doc).into_iter().find(|f| f.0 == "question_1_answer").expect("answer").2;
    let da = decode_text(answer.get(b"DA").and_then(Object::as_str).expect("/DA"));
    let size: f32 = da.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("size in /DA");
    assert!((12.0..=16.0).contains(&size), "{da}");
}

#[test]
fn a_cached_form_font_writes_the_same_bytes_and_a_bad_cache_file_is_ignored() {
    let dir = temp();
    let cache = dir.path().join("cache");
    let build = |out: &str| {
        let output = handout()
            .env("HANDOUT_CACHE", &cache)
            .args(["build", "--doc", "questions", "--locale", "zh-Hans,es", "--force", "--out", out])
            .current_dir(dir.path())
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", stderr(&output));
        ["zh-Hans", "es"].map(|locale| {
            std::fs::read(dir.path().join(out).join(locale).join("calcinosis-questions.pdf")).expect("pdf")
        })
    };
    let fresh = build("fresh");
    let chinese = cache.join("form-font-NotoSansSC");
    let saved = std::fs::read(&chinese).expect("the Chinese form font is kept");
    assert!(saved.len() > 1_000_000, "the compressed GB 2312 subset: {} bytes", saved.len());
    assert!(cache.join("form-font-NotoSans").exists());
    assert!(build("cached") == fresh, "a cached form font must embed the same bytes");

    // Damaged, cut short, or another font's: each is made afresh and gives the same files.
    let latin = std::fs::read(cache.join("form-font-NotoSans")).expect("latin font");
    for bad in [b"not a cache".to_vec(), saved[..saved.len() / 2].to_vec(), latin] {
        std::fs::write(&chinese, bad).expect("damage");
        assert!(build("again") == fresh);
        assert_eq!(std::fs::read(&chinese).expect("saved again"), saved);
    }
}
