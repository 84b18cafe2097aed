//! `range()` for templates, with a limit: one render may take at most [`LIMIT`] numbers from
//! `range()` in all, so a loop inside a loop (`range(end=100000)` in `range(end=100000)`)
//! stops with an error at once instead of running for hours.
//!
//! Each render that wants the limit takes a [`Pass`] from its [`Budget`] and puts the pass's
//! number in the template's context under [`VAR`]; `range()` counts against that pass. A
//! render without a pass still gets at most [`LIMIT`] numbers from each call.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Error, Kwargs, State, Tera, TeraResult};

/// Numbers `range()` may give one render, in all its calls.
pub const LIMIT: u64 = 100_000;

/// The context key that holds a render's pass number.
pub const VAR: &str = "__placard_range_pass";

/// What each render in progress has taken from `range()`.
#[derive(Debug, Default)]
pub struct Budget {
    next: AtomicU64,
    used: Mutex<HashMap<u64, u64>>,
}

/// One render's share of a [`Budget`]; given back when dropped.
pub struct Pass<'a> {
    budget: &'a Budget,
    pub id: u64,
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        if let Ok(mut used) = self.budget.used.lock() {
            used.remove(&self.id);
        }
    }
}

impl Budget {
    /// A pass for one render.
    pub fn pass(&self) -> Pass<'_> {
        Pass {
            budget: self,
            id: self.next.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Counts `n` numbers against the pass `id` (if any): an error once the render has had
    /// more than [`LIMIT`].
    fn take(&self, id: Option<u64>, n: u64) -> TeraResult<()> {
        let total = match id {
            Some(id) => {
                let mut used = self
                    .used
                    .lock()
                    .map_err(|_| Error::message("the range() budget was poisoned"))?;
                let count = used.entry(id).or_insert(0);
                *count = count.saturating_add(n);
                *count
            }
            None => n,
        };
        if total > LIMIT {
            return Err(Error::message(format!(
                "range() was asked for more than {LIMIT} numbers in one template (a loop inside a \
                 loop?); placard stops there so a mistake cannot run for ever: loop over fewer \
                 numbers, or over the data itself"
            )));
        }
        Ok(())
    }
}

/// Registers the limited `range(end=, start=0, step_by=1)` in `tera`, in place of Tera's own.
pub fn register(tera: &mut Tera, budget: Arc<Budget>) {
    tera.register_function(
        "range",
        move |kw: Kwargs, st: &State| -> TeraResult<Vec<i64>> {
            let start = kw.get::<i64>("start")?.unwrap_or(0);
            let end = kw.must_get::<i64>("end")?;
            let step = kw.get::<i64>("step_by")?.unwrap_or(1);
            let n = count(start, end, step)?;
            let pass = st.get::<u64>(VAR).ok().flatten();
            budget.take(pass, n)?;
            let numbers = std::iter::successors(Some(start), |&i| i.checked_add(step));
            Ok(numbers.take(usize::try_from(n).unwrap_or(0)).collect())
        },
    );
}

/// How many numbers `range` gives from `start` towards `end` (not included) by `step`.
fn count(start: i64, end: i64, step: i64) -> TeraResult<u64> {
    if step == 0 {
        return Err(Error::message(
            "range() was given `step_by=0`, which never ends",
        ));
    }
    let span = i128::from(end) - i128::from(start);
    let step = i128::from(step);
    if span.signum() * step.signum() <= 0 {
        if step > 0 && span < 0 {
            return Err(Error::message(
                "range() was given a `start` greater than its `end`; give a negative `step_by` to count down",
            ));
        }
        return Ok(0);
    }
    let n = (span.abs() + step.abs() - 1) / step.abs();
    Ok(u64::try_from(n).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, pass: bool) -> TeraResult<String> {
        let budget = Arc::new(Budget::default());
        let mut tera = Tera::new();
        register(&mut tera, budget.clone());
        tera.add_raw_template("t", template)?;
        let mut ctx = tera::Context::new();
        let p = budget.pass();
        if pass {
            ctx.insert(VAR, &p.id);
        }
        tera.render("t", &ctx)
    }

    #[test]
    fn counts_like_tera_range() {
        let t = "{% for i in range(end=5) %}{{ i }}{% endfor %}|\
                 {% for i in range(start=2, end=9, step_by=3) %}{{ i }}{% endfor %}|\
                 {% for i in range(start=5, end=0, step_by=-2) %}{{ i }}{% endfor %}|\
                 {% for i in range(start=3, end=3) %}{{ i }}{% endfor %}";
        assert_eq!(render(t, true).unwrap(), "01234|258|531|");
    }

    #[test]
    fn a_loop_inside_a_loop_stops_at_the_limit() {
        let t = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        let e = render(t, true).unwrap_err();
        let text = format!("{e:?}");
        assert!(text.contains("more than 100000 numbers"), "{text}");
    }

    #[test]
    fn without_a_pass_each_call_is_limited() {
        assert!(render("{% for i in range(end=100001) %}{% endfor %}", false).is_err());
        assert!(render("{% for i in range(end=100000) %}{% endfor %}", false).is_ok());
    }

    #[test]
    fn wrong_arguments_are_errors() {
        assert!(render("{{ range(end=5, step_by=0) }}", true).is_err());
        assert!(render("{{ range(start=5, end=1) }}", true).is_err());
    }

    #[test]
    fn a_pass_is_given_back() {
        let budget = Budget::default();
        {
            let p = budget.pass();
            budget.take(Some(p.id), LIMIT).unwrap();
            assert!(budget.take(Some(p.id), 1).is_err());
        }
        assert!(budget.used.lock().unwrap().is_empty());
    }
}
