//! The progress bar of a long study: jobs done, time left, the best so far. Drawn on stderr only when it is
//! a terminal (indicatif hides it otherwise), so logs and pipes stay clean.

use crate::study::{Shard, StudyProgress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct StudyBar(ProgressBar);

impl StudyBar {
    pub fn new(jobs: usize, shard: Option<Shard>) -> StudyBar {
        let share = shard.map_or(jobs, |s| (0..jobs).filter(|i| s.owns(*i)).count());
        let bar = ProgressBar::with_draw_target(Some(share as u64), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {pos}/{len} jobs, {elapsed} elapsed, about {eta} left; {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message("running the first job");
        bar.tick();
        StudyBar(bar)
    }

    pub fn update(&self, p: &StudyProgress) {
        self.0.set_position(p.done as u64);
        let best = p
            .best
            .as_ref()
            .map_or("no design yet".to_string(), |(label, tac)| {
                format!("best {label} {tac:.0} EUR/yr")
            });
        self.0.set_message(format!("{best} (last: {})", p.last));
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
