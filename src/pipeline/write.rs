//! The writing stages: static files and downloads, the route table's HTML files, images, and
//! the site-wide files. Each returns how many files it wrote.

use rayon::prelude::*;

use super::{Observer, Site};
use crate::assets;
use crate::error::{Error, Result};
use crate::extras;
use crate::output::{Output, write_page};
use crate::render::context::SiteValues;
use crate::render::pages::{self, Done, Render};

/// Copies the theme's and site's static files (with fingerprinted copies of CSS and JS), the
/// files beside pages, and the downloads' bundles and `downloads.json`. Static files come
/// first, so a page at the same address replaces a static file.
pub fn statics(site: &Site, out: &dyn Output) -> Result<usize> {
    let statics = &site.renderer.shared.statics;
    let written: Vec<Result<usize>> = statics
        .par_iter()
        .map(|(rel, origin)| {
            let bytes = assets::images::strip::strip(rel, origin.bytes()?, &origin.display(rel))?;
            out.write(rel, &bytes)?;
            if assets::is_fingerprinted(rel) {
                out.write(&assets::fingerprinted_name(rel, &bytes), &bytes)?;
                return Ok(2);
            }
            Ok(1)
        })
        .collect();
    let root = &site.root;
    let unpublished = unpublished_originals(site);
    let copied: Vec<Result<usize>> = site
        .library
        .assets
        .par_iter()
        .filter(|(src, _)| !unpublished.contains(&crate::error::display_path(src)))
        .map(|(src, dest)| {
            let bytes = crate::util::fs::read_site_file(root, src)?;
            let bytes = assets::images::strip::strip(dest, bytes.into(), src)?;
            out.write(dest, &bytes)?;
            Ok(1)
        })
        .collect();
    let mut files: usize = written.into_iter().chain(copied).sum::<Result<usize>>()?;
    for (rel, bytes) in assets::downloads::files(&site.downloads) {
        out.write(rel, &bytes)?;
        files += 1;
    }
    Ok(files)
}

/// The page-bundle images that pages show processed (as `<picture>` variants) and that no
/// page links to: their full-size originals are not published (a 4000-pixel phone photo holds
/// more than the editor chose to show), unless `images.publish_originals` is set.
fn unpublished_originals(site: &Site) -> std::collections::HashSet<String> {
    if site.config.images.publish_originals {
        return Default::default();
    }
    let processed = site.renderer.shared.images.sources();
    let candidates: Vec<(String, &str)> = site
        .library
        .assets
        .iter()
        .map(|(src, dest)| (crate::error::display_path(src), dest.as_str()))
        .filter(|(src, _)| processed.contains(src))
        .collect();
    if candidates.is_empty() {
        return Default::default();
    }
    // The addresses pages link to (`href="photo.jpg"` beside the page, or the full address).
    let mut links = std::collections::HashSet::new();
    for html in site.documents.html() {
        for part in html.split("href=\"").skip(1) {
            if let Some(end) = part.find('"') {
                links.insert(&part[..end]);
            }
        }
    }
    candidates
        .into_iter()
        .filter(|(_, dest)| {
            let name = dest.rsplit('/').next().unwrap_or(dest);
            let url = site.config.url(&format!("/{dest}"));
            !(links.contains(name) || links.contains(url.as_str()))
        })
        .map(|(src, _)| src)
        .collect()
}

/// The render job of `site`'s route table with `values` (listed and own alike).
pub fn render_job<'a>(site: &'a Site, values: &'a SiteValues) -> Render<'a> {
    Render {
        renderer: &site.renderer,
        config: &site.config,
        lib: &site.library,
        routes: &site.routes,
        own: values,
        listed: values,
    }
}

/// Renders every file of the route table with `values` and writes it; `observe` sees each
/// first.
pub fn pages(
    site: &Site,
    values: &SiteValues,
    out: &dyn Output,
    observe: Option<Observer<'_>>,
) -> Result<usize> {
    let job = render_job(site, values);
    let write_html = |done: Done<'_>| -> Result<()> {
        if let Some(observe) = observe {
            observe(&done);
        }
        write_page(&site.config, out, &done.route.file, &done.html)
    };
    pages::render(&job, &|_| true, &write_html)
}

/// Writes every image variant (and every `resize_image` result) from the cache.
pub fn images(site: &Site, out: &dyn Output) -> Result<usize> {
    let files = site.images.files(&site.renderer.shared.images);
    let written: Vec<Result<()>> = files
        .par_iter()
        .map(|(rel, file)| {
            let bytes = std::fs::read(file).map_err(|e| Error::io("read", file, e))?;
            out.write(rel, &bytes)
        })
        .collect();
    written.into_iter().collect::<Result<Vec<()>>>()?;
    Ok(files.len())
}

/// Aliases, feeds, the sitemap and robots.txt.
pub fn extras(site: &Site, out: &dyn Output) -> Result<usize> {
    let (config, lib) = (&site.config, &site.library);
    let mut files = 0;
    for (rel, html) in extras::aliases(config, lib) {
        write_page(config, out, &rel, &html)?;
        files += 1;
    }
    for (rel, xml) in extras::feeds(config, lib, &site.documents) {
        out.write(&rel, xml.as_bytes())?;
        files += 1;
    }
    if config.sitemap {
        for (rel, xml) in extras::sitemaps(config, lib) {
            out.write(&rel, xml.as_bytes())?;
            files += 1;
        }
    }
    out.write("robots.txt", extras::robots(config).as_bytes())?;
    Ok(files + 1)
}

/// The search index of every language, and its search pages.
pub fn search(site: &Site, out: &dyn Output) -> Result<usize> {
    let (config, lib) = (&site.config, &site.library);
    extras::search::write(config, lib, &site.documents, Some(&site.renderer), out)
}
