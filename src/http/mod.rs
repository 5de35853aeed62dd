//! The axum application.
