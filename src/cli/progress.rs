//! The progress bar of a long study: jobs done, time left, the best so far. Drawn on stderr only when it is
//! a terminal (indicatif hides it otherwise), so logs and pipes stay clean.

use hpsynth::study::StudyProgress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::OnceLock;

/// Drawn from the study's first report (before its first job), which gives the number of jobs.
#[derive(Default)]
pub struct StudyBar(OnceLock<ProgressBar>);

impl StudyBar {
    fn start(share: usize) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(Some(share as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} jobs, {elapsed} elapsed, about {eta} left; {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("running the first job");
        bar.tick();
        bar
    }

    pub fn update(&self, p: &StudyProgress) {
        let bar = self.0.get_or_init(|| Self::start(p.total));
        if p.done == 0 {
            return;
        }
        bar.set_position(p.done as u64);
        let best = p
            .best
            .as_ref()
            .map_or("no design yet".to_string(), |(label, tac)| {
                format!("best {label} {tac:.0} EUR/yr")
            });
        bar.set_message(format!("{best} (last: {})", p.last));
    }

    pub fn finish(&self) {
        if let Some(bar) = self.0.get() {
            bar.finish_and_clear();
        }
    }
}
