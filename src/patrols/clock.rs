//! Times of day: `"HH:MM"` or `"HH:MM:SS"` (hours 0–47, so a night shift may run past
//! midnight), or a number of minutes after midnight. Held as seconds after midnight.

use serde_json::Value;

/// Latest time of day accepted, seconds after midnight (48:00, the end of the next day).
pub const LATEST_S: f64 = 48.0 * 3600.0;

/// Parses a time of day from a JSON string or number, naming `field` in the error.
pub fn parse(value: &Value, field: &str) -> Result<f64, String> {
    let seconds = match value {
        Value::Number(n) => n
            .as_f64()
            .map(|m| m * 60.0)
            .ok_or_else(|| format!("{field}: {n} is not a number of minutes"))?,
        Value::String(s) => parse_text(s).ok_or_else(|| {
            format!("{field}: {s:?} is not a time; use \"HH:MM\" or minutes after midnight")
        })?,
        other => {
            return Err(format!(
                "{field}: expected \"HH:MM\" or minutes after midnight, got {other}"
            ));
        }
    };
    if !(0.0..=LATEST_S).contains(&seconds) {
        return Err(format!("{field}: times run from 00:00 to 48:00"));
    }
    Ok(seconds)
}

fn parse_text(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let number = |s: &str, max: u32| -> Option<f64> {
        let all_digits = !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        all_digits
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|&v| v <= max)
            .map(f64::from)
    };
    match parts.as_slice() {
        [h, m] => Some(number(h, 48)? * 3600.0 + number(m, 59)? * 60.0),
        [h, m, s] => Some(number(h, 48)? * 3600.0 + number(m, 59)? * 60.0 + number(s, 59)?),
        _ => None,
    }
}

/// `HH:MM:SS`, rounded to the second; hours past 23 are the next day.
pub fn format(seconds: f64) -> String {
    // Clock values stay within a few days, far inside u64.
    let total = seconds.max(0.0).round() as u64;
    format!(
        "{:02}:{:02}:{:02}",
        total / 3600,
        total / 60 % 60,
        total % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_clock_text_and_minutes() {
        assert_eq!(parse(&json!("08:30"), "t"), Ok(30_600.0));
        assert_eq!(parse(&json!("8:05:10"), "t"), Ok(29_110.0));
        assert_eq!(parse(&json!(90), "t"), Ok(5_400.0));
        assert_eq!(parse(&json!("25:00"), "t"), Ok(90_000.0));
        for bad in [
            json!("8h30"),
            json!("10:60"),
            json!("49:00"),
            json!(-5),
            json!(true),
        ] {
            let error = parse(&bad, "depart_at").expect_err("refused");
            assert!(error.starts_with("depart_at: "), "{error}");
        }
        assert_eq!(format(30_600.4), "08:30:00");
        assert_eq!(format(90_061.0), "25:01:01");
    }
}
