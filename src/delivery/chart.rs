//! A chart of one provision, week by week: the minutes the plan requires (a
//! grey outlined bar) beside the minutes the log shows delivered (a solid
//! blue bar), with holiday weeks shaded. Hand-written SVG: no drawing
//! library, and the same bytes on every run. Blue and grey stay apart for
//! every kind of colour blindness, and the bars are also told apart by
//! their outline, so the chart reads in black and white too.

use super::ProvisionDelivery;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 40.0;
const REQUIRED_FILL: &str = "#d9d9d9";
const REQUIRED_LINE: &str = "#595959";
const DELIVERED: &str = "#1f5fa8";
const HOLIDAY: &str = "#f2f2f2";

fn esc(s: &str) -> String {
    crate::text::printable(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A round number of minutes for the top of the scale, at or above `max`.
fn scale_top(max: u32) -> u32 {
    let steps = [10, 20, 30, 60, 90, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2400, 3000];
    steps.iter().copied().find(|&s| s >= max).unwrap_or_else(|| max.div_ceil(600) * 600)
}

/// The chart as an SVG element, one line per shape; `None` when there is
/// nothing to draw (no week with anything required or delivered).
pub fn svg(p: &ProvisionDelivery) -> Option<String> {
    let weeks = &p.weekly;
    let max = weeks.iter().map(|w| w.required.unwrap_or(0).max(w.delivered)).max().unwrap_or(0);
    if weeks.is_empty() || max == 0 {
        return None;
    }
    let top = scale_top(max);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / weeks.len() as f64;
    let bar = (slot * 0.36).min(28.0);
    let y = |m: u32| TOP + plot_h * (1.0 - f64::from(m) / f64::from(top));
    let title = format!("Provision {}: minutes required and delivered, week by week", p.index);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         role=\"img\" font-family=\"Arial, Helvetica, sans-serif\" font-size=\"11\">\n<title>{}</title>\n",
        esc(&title)
    );
    let desc: Vec<String> = weeks
        .iter()
        .map(|w| match w.required {
            Some(r) => format!("week of {}: {r} required, {} delivered", w.monday, w.delivered),
            None => format!("week of {}: {} delivered", w.monday, w.delivered),
        })
        .collect();
    out.push_str(&format!("<desc>{}</desc>\n", esc(&desc.join("; "))));
    out.push_str(&format!("<rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\n"));
    // Holiday weeks first, behind everything.
    for (i, w) in weeks.iter().enumerate() {
        if w.school_days == 0 {
            let x = LEFT + slot * i as f64;
            out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{TOP}\" width=\"{slot:.1}\" height=\"{plot_h}\" fill=\"{HOLIDAY}\"/>\n\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#808080\">holiday</text>\n",
                x + slot / 2.0,
                TOP + plot_h / 2.0
            ));
        }
    }
    // The scale: nought, half and the top, with faint lines.
    for m in [0, top / 2, top] {
        let yy = y(m);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{:.1}\" y2=\"{yy:.1}\" stroke=\"#e0e0e0\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#404040\">{m}</text>\n",
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        ));
    }
    out.push_str(&format!(
        "<text x=\"12\" y=\"{:.1}\" transform=\"rotate(-90 12 {:.1})\" text-anchor=\"middle\" fill=\"#404040\">minutes</text>\n",
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    ));
    // Label every week when they fit, else every other one.
    let every = if slot < 34.0 { 2 } else { 1 };
    for (i, w) in weeks.iter().enumerate() {
        let mid = LEFT + slot * (i as f64 + 0.5);
        if let Some(r) = w.required.filter(|&r| r > 0) {
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{REQUIRED_FILL}\" stroke=\"{REQUIRED_LINE}\"/>\n",
                mid - bar - 1.0,
                y(r),
                y(0) - y(r)
            ));
        }
        if w.delivered > 0 {
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{DELIVERED}\"/>\n",
                mid + 1.0,
                y(w.delivered),
                y(0) - y(w.delivered)
            ));
        }
        if i % every == 0 {
            let label = format!("{} {}", w.monday.day(), MONTHS[(w.monday.month() - 1) as usize]);
            out.push_str(&format!(
                "<text x=\"{mid:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#404040\">{label}</text>\n",
                HEIGHT - BOTTOM + 14.0
            ));
        }
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#404040\">week beginning</text>\n",
        LEFT + plot_w / 2.0,
        HEIGHT - 8.0
    ));
    // The legend, above the plot.
    out.push_str(&format!(
        "<rect x=\"{LEFT}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{REQUIRED_FILL}\" stroke=\"{REQUIRED_LINE}\"/>\n\
         <text x=\"{:.1}\" y=\"18\" fill=\"#202020\">required by the plan</text>\n\
         <rect x=\"{:.1}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{DELIVERED}\"/>\n\
         <text x=\"{:.1}\" y=\"18\" fill=\"#202020\">delivered (from the log)</text>\n",
        LEFT + 16.0,
        LEFT + 150.0,
        LEFT + 166.0
    ));
    out.push_str("</svg>");
    Some(out)
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_is_a_round_number_at_or_above_the_tallest_bar() {
        assert_eq!(scale_top(25), 30);
        assert_eq!(scale_top(90), 90);
        assert_eq!(scale_top(91), 120);
        assert_eq!(scale_top(3001), 3600);
    }
}
