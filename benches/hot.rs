//! Criterion benchmarks of the hot functions of a build, on a synthetic site from
//! `benches/synth/gen.rs`: front-matter splitting and YAML parsing, Markdown rendering, one page
//! render (a talk page and the overview), and a whole load (the proxy for `talkgen check`).
//!
//! `cargo bench --bench hot` (see BENCHMARKS.md).

#[path = "synth/gen.rs"]
mod gen;

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use talkgen::layout::PageRef;
use talkgen::markdown::{self, MarkdownOptions};
use talkgen::render::{Renderer, Views};

/// A generated site of `talks` talks in a temporary folder.
fn site(talks: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    gen::write_talkgen(&gen::Spec::scaled(talks), dir.path()).expect("generate site");
    dir
}

/// The text of the first talk file of a generated site.
fn first_talk(root: &Path) -> String {
    let year = std::fs::read_dir(root.join("content/talks"))
        .expect("talks dir")
        .next()
        .expect("a year")
        .expect("entry")
        .path();
    let mut files: Vec<_> = std::fs::read_dir(year)
        .expect("year dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    std::fs::read_to_string(&files[0]).expect("talk file")
}

fn benches(c: &mut Criterion) {
    let dir = site(200);
    let root = dir.path();
    let text = first_talk(root);

    c.bench_function("frontmatter/split", |b| {
        b.iter(|| talkgen::load::split(black_box(&text)).map(|s| s.yaml.len()))
    });
    let yaml = talkgen::load::split(&text)
        .expect("front matter")
        .yaml
        .to_owned();
    c.bench_function("frontmatter/yaml", |b| {
        b.iter(|| serde_yaml::from_str::<serde_yaml::Value>(black_box(&yaml)).is_ok())
    });
    let body = talkgen::load::split(&text)
        .expect("front matter")
        .body
        .to_owned();
    let opts = MarkdownOptions::default();
    c.bench_function("markdown/abstract", |b| {
        b.iter(|| markdown::render(black_box(&body), &opts).html.len())
    });

    let (loaded, urls) = talkgen::load_site(root, None, false).expect("site loads");
    let site = &loaded.site;
    let views = Views::new(site, urls.clone());
    let first = site.talk_ids().next().expect("a talk");
    let renderer = Renderer::new(root, &views).expect("templates parse");
    let mut buf = Vec::with_capacity(64 * 1024);
    c.bench_function("render/talk_page", |b| {
        b.iter(|| {
            buf.clear();
            renderer
                .render(site, &views, PageRef::Talk(first), &mut buf)
                .expect("renders");
            buf.len()
        })
    });
    c.bench_function("render/overview_200_talks", |b| {
        b.iter(|| {
            buf.clear();
            renderer
                .render(site, &views, PageRef::Overview, &mut buf)
                .expect("renders");
            buf.len()
        })
    });

    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("load_site_200_talks", |b| {
        b.iter(|| {
            talkgen::load_site(root, None, false)
                .expect("site loads")
                .0
                .site
                .talks
                .len()
        })
    });
    group.bench_function("views_200_talks", |b| {
        b.iter(|| Views::new(site, urls.clone()).talks.len())
    });
    group.finish();
}

criterion_group!(hot, benches);
criterion_main!(hot);
