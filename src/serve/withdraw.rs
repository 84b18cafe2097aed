//! After a failed rebuild, `serve` keeps showing the last version that worked, except for files
//! made from a source that is now a link out of the site folder: those are taken off the served
//! site, so a file replaced by a link to something private is never served, old or new.

use std::collections::HashSet;
use std::path::Path;

use super::live::Files;
use crate::assets::Origin;
use crate::pipeline::Site;
use crate::util::fs::is_outside_the_site;

/// The served files without those whose source is now outside the site folder, or `None`
/// when every source is still inside.
pub fn withdrawn(site: &Site, files: &Files) -> Option<Files> {
    let root = site.root.as_path();
    let outside = |rel: &Path| is_outside_the_site(root, rel);
    let mut gone: HashSet<&str> = HashSet::new();
    for route in site.routes.iter() {
        if outside(&route.source) {
            gone.insert(&route.file);
        }
    }
    for (published, origin) in &site.renderer.templates.statics {
        if let Origin::Disk(_, rel) = origin
            && outside(rel)
        {
            gone.insert(published);
        }
    }
    for (source, published) in &site.library.assets {
        if outside(source) {
            gone.insert(published);
        }
    }
    for page in site.downloads.values() {
        if let Some(bundle) = &page.bundle
            && page.items.iter().any(|item| outside(&item.source))
        {
            gone.insert(&bundle.output);
        }
    }
    if gone.is_empty() {
        return None;
    }
    Some(
        files
            .iter()
            .filter(|(name, _)| !gone.contains(&&name[..]))
            .map(|(name, bytes)| (name.clone(), bytes.clone()))
            .collect(),
    )
}
