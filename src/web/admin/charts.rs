//! Geometry of the dashboard's server-side SVG charts. Templates draw the
//! shapes with SVG presentation attributes only (`fill`, `width`, ...): the CSP
//! (`style-src 'self'`) refuses `style` attributes, and there is no script.

/// Width of the drawing area in SVG user units; the SVG scales to its container.
pub const CHART_WIDTH: u32 = 640;
const VALUE_ROOM: u32 = 70;
/// Each row: its label on a line of its own (unit names are long), the bar below.
const ROW_HEIGHT: u32 = 42;
const LABEL_BASELINE: u32 = 14;
const BAR_TOP: u32 = 20;
const BAR_HEIGHT: u32 = 16;

/// One horizontal bar: a label, its value, and where to draw it.
pub struct HBar {
    pub label: String,
    pub value: String,
    pub y: u32,
    /// Baseline of the label, above the bar.
    pub label_y: u32,
    /// Baseline of the value text, beside the bar.
    pub text_y: u32,
    pub width: String,
    /// Where the value text starts (just right of the bar).
    pub value_x: String,
}

pub struct HBarChart {
    pub height: u32,
    pub width: u32,
    pub bar_height: u32,
    pub bars: Vec<HBar>,
}

/// Horizontal bars, scaled so the largest value (or `at_least`) fills the width.
pub fn hbars(items: Vec<(String, u32, String)>, at_least: u32) -> HBarChart {
    let max = items
        .iter()
        .map(|(_, v, _)| *v)
        .max()
        .unwrap_or(0)
        .max(at_least)
        .max(1);
    let room = f64::from(CHART_WIDTH - VALUE_ROOM);
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, shown))| {
            let top = i as u32 * ROW_HEIGHT;
            let y = top + BAR_TOP;
            let width = room * f64::from(value) / f64::from(max);
            HBar {
                label,
                value: shown,
                y,
                label_y: top + LABEL_BASELINE,
                text_y: y + BAR_HEIGHT - 3,
                width: format!("{width:.1}"),
                value_x: format!("{:.1}", width + 6.0),
            }
        })
        .collect::<Vec<_>>();
    HBarChart {
        height: (bars.len() as u32).max(1) * ROW_HEIGHT,
        width: CHART_WIDTH,
        bar_height: BAR_HEIGHT,
        bars,
    }
}

/// Progress towards the target: the filled share of a bar (capped at the full bar).
pub struct Progress {
    pub width: u32,
    pub filled: String,
}

pub fn progress(pct: f64) -> Progress {
    let share = (pct / 100.0).clamp(0.0, 1.0);
    Progress {
        width: CHART_WIDTH,
        filled: format!("{:.1}", share * f64::from(CHART_WIDTH)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_bar_fills_the_room_and_zero_draws_nothing() {
        let chart = hbars(
            vec![("A".into(), 10, "10".into()), ("B".into(), 0, "0".into())],
            0,
        );
        assert_eq!(chart.bars[0].width, "570.0");
        assert_eq!(chart.bars[1].width, "0.0");
        assert_eq!(chart.height, 84);
        assert!(
            chart.bars[1].label_y < chart.bars[1].y,
            "label above its bar"
        );
    }

    #[test]
    fn progress_is_capped_at_the_full_bar() {
        assert_eq!(progress(50.0).filled, "320.0");
        assert_eq!(progress(180.0).filled, "640.0");
    }
}
