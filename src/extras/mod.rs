//! Files made from the whole site, one module each: [`sitemap`], [`feeds`] (Atom), [`aliases`]
//! (redirect pages), [`robots`] and [`headers`] (security headers for hosts).

pub mod aliases;
pub mod feeds;
pub mod headers;
pub mod robots;
pub mod search;
pub mod sitemap;

pub use aliases::{aliases, redirect};
pub use feeds::{FEED_LIMIT, Feed, atom, feeds};
pub use robots::robots;
pub use sitemap::{sitemap, sitemaps};
