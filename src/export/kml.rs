//! KML 2.2, written by hand: the document is small and fixed (a folder of placemarks), so a
//! few lines with careful escaping replace a second XML library beside the GPX crate's.

use std::io::Write;

use super::{ExportError, Itinerary};

/// `text` with the five XML special characters escaped.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and newlines are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn coordinate(p: [f64; 2]) -> String {
    format!("{},{}", p[0], p[1])
}

pub(super) fn write(itinerary: &Itinerary, mut out: impl Write) -> Result<(), ExportError> {
    let name = escape(&itinerary.name);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<kml xmlns="http://www.opengis.net/kml/2.2">"#)?;
    writeln!(out, "<Document>")?;
    writeln!(out, "<name>{name}</name>")?;
    if let Some(credit) = &itinerary.attribution {
        writeln!(out, "<description>{}</description>", escape(credit))?;
    }
    writeln!(out, "<Placemark>")?;
    writeln!(out, "<name>{name}</name>")?;
    let mut facts = Vec::new();
    if let Some(m) = itinerary.distance_m {
        facts.push(format!("distance {m:.0} m"));
    }
    if let Some(s) = itinerary.duration_s {
        facts.push(format!("duration {s:.0} s"));
    }
    if !facts.is_empty() {
        writeln!(out, "<description>{}</description>", facts.join(", "))?;
    }
    let line: Vec<String> = itinerary.line.iter().copied().map(coordinate).collect();
    writeln!(out, "<LineString>")?;
    writeln!(out, "<tessellate>1</tessellate>")?;
    writeln!(out, "<coordinates>{}</coordinates>", line.join(" "))?;
    writeln!(out, "</LineString>")?;
    writeln!(out, "</Placemark>")?;
    for stop in &itinerary.stops {
        writeln!(out, "<Placemark>")?;
        writeln!(out, "<name>{}</name>", escape(&stop.name))?;
        writeln!(
            out,
            "<Point><coordinates>{}</coordinates></Point>",
            coordinate(stop.point)
        )?;
        writeln!(out, "</Placemark>")?;
    }
    writeln!(out, "</Document>")?;
    writeln!(out, "</kml>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::sample;
    use crate::export::{Format, to_bytes};

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&apos;");
        let text =
            String::from_utf8(to_bytes(&sample(), Format::Kml).expect("kml")).expect("utf-8");
        assert!(
            text.contains("<name>巡逻 &lt;A &amp; B&gt;</name>"),
            "{text}"
        );
        assert!(text.contains("<name>兰考县派出所</name>"));
        assert!(text.contains("<coordinates>1.5,42.5 1.501,42.5005 1.502,42.501</coordinates>"));
        assert_eq!(text.matches("<Placemark>").count(), 3);
    }
}
