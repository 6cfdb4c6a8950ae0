//! When and how long to wait before trying a request again.

use std::time::Duration;

use reqwest::header::HeaderValue;

/// Statuses worth retrying: rate limiting and transient server errors.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Exponential backoff with full jitter: uniform in `[0, min(max, base * 2^attempt)]`.
pub(crate) fn backoff(base: Duration, max: Duration, attempt: u32) -> Duration {
    let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
    let cap = base.saturating_mul(factor).min(max);
    let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=cap_nanos))
}

/// `Retry-After` as delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &HeaderValue) -> Option<Duration> {
    let s = value.to_str().ok()?.trim();
    if let Ok(secs) = s.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            return Duration::try_from_secs_f64(secs).ok();
        }
        return None;
    }
    let when = chrono::DateTime::parse_from_rfc2822(s).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_parsing() {
        let h = |s: &str| HeaderValue::from_str(s).unwrap();
        assert_eq!(parse_retry_after(&h("3")), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(&h("0.5")),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_retry_after(&h("-1")), None);
        assert_eq!(parse_retry_after(&h("soon")), None);
        assert_eq!(
            parse_retry_after(&h("Sun, 06 Nov 1994 08:49:37 GMT")),
            Some(Duration::ZERO)
        );
        let future = (chrono::Utc::now() + chrono::Duration::seconds(100)).to_rfc2822();
        let d = parse_retry_after(&h(&future)).unwrap();
        assert!(d > Duration::from_secs(90) && d <= Duration::from_secs(100));
    }

    #[test]
    fn backoff_is_bounded() {
        let (base, max) = (Duration::from_millis(100), Duration::from_millis(250));
        for attempt in [0, 1, 2, 40, u32::MAX] {
            let d = backoff(base, max, attempt);
            assert!(d <= max, "{attempt}: {d:?}");
            if attempt == 0 {
                assert!(d <= base);
            }
        }
    }
}
