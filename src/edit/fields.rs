//! Ids, names and sites an edit writes: checked before anything else.

use super::{Edit, EditError};

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest id, in bytes.
pub const MAX_ID_BYTES: usize = 64;

/// Refuses a new id that is empty, long or not made of `A-Z a-z 0-9 - _ . :`, and a name that
/// is blank, long, or holds control or text-direction characters.
pub(super) fn check(edit: &Edit) -> Result<(), EditError> {
    let (new_id, name) = match edit {
        Edit::CreateOfficer { id, name, .. }
        | Edit::CreateOffice { id, name, .. }
        | Edit::CreateWorkstation { id, name, .. } => (Some(id), Some(name)),
        Edit::UpdateOfficer { name, .. }
        | Edit::UpdateOffice { name, .. }
        | Edit::UpdateWorkstation { name, .. } => (None, name.as_ref()),
        _ => (None, None),
    };
    if let Some(id) = new_id {
        check_id(id)?;
    }
    if let Some(name) = name {
        check_name(name)?;
    }
    if update_without_change(edit) {
        return Err(EditError::Invalid(format!(
            "{}: give at least one field to change",
            edit.op()
        )));
    }
    Ok(())
}

/// The `(lon, lat)` an edit places an office or workstation at, if it places one.
pub(super) fn site(edit: &Edit) -> Option<(f64, f64)> {
    match edit {
        Edit::CreateOffice { lon, lat, .. } | Edit::CreateWorkstation { lon, lat, .. } => {
            Some((*lon, *lat))
        }
        Edit::UpdateOffice { lon, lat, .. } | Edit::UpdateWorkstation { lon, lat, .. } => {
            lon.zip(*lat)
        }
        _ => None,
    }
}

fn check_id(id: &str) -> Result<(), EditError> {
    let fit = !id.is_empty()
        && id.len() <= MAX_ID_BYTES
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if fit {
        return Ok(());
    }
    Err(EditError::Invalid(format!(
        "id {:?}: use 1 to {MAX_ID_BYTES} of A-Z, a-z, 0-9, -, _, . and :",
        shorten(id)
    )))
}

fn check_name(name: &str) -> Result<(), EditError> {
    if name.trim().is_empty() {
        return Err(EditError::Invalid("name: must not be blank".into()));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(EditError::Invalid(format!(
            "name: at most {MAX_NAME_CHARS} characters"
        )));
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || is_direction_mark(c))
    {
        return Err(EditError::Invalid(format!(
            "name {:?}: character U+{:04X} is not allowed",
            shorten(name),
            u32::from(c)
        )));
    }
    Ok(())
}

/// Bidirectional embedding, override and isolate characters, which can make a name display
/// as something else.
fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn update_without_change(edit: &Edit) -> bool {
    match edit {
        Edit::UpdateOfficer {
            name,
            role,
            office_id,
            ..
        } => name.is_none() && role.is_none() && office_id.is_none(),
        Edit::UpdateOffice {
            name,
            lon,
            lat,
            station_id,
            ..
        } => name.is_none() && lon.is_none() && lat.is_none() && station_id.is_none(),
        Edit::UpdateWorkstation {
            name,
            lon,
            lat,
            office_id,
            ..
        } => name.is_none() && lon.is_none() && lat.is_none() && office_id.is_none(),
        _ => false,
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn officer(id: &str, name: &str) -> Edit {
        Edit::CreateOfficer {
            id: id.into(),
            name: name.into(),
            role: Role::Community,
            office_id: "of-1".into(),
        }
    }

    #[test]
    fn ids_and_names_are_checked() {
        assert!(check(&officer("p-00001", "李警官")).is_ok());
        for id in ["", "a/b ?#", &"x".repeat(65), "张三"] {
            assert!(check(&officer(id, "Name")).is_err(), "{id:?}");
        }
        for name in ["", "  \n", "a\u{0}b", "x\u{202E}y", &"名".repeat(201)] {
            assert!(check(&officer("p-1", name)).is_err(), "{name:?}");
        }
        assert!(check(&officer("p-1", &"名".repeat(200))).is_ok());
    }

    #[test]
    fn an_update_must_change_something() {
        let nothing = Edit::UpdateOfficer {
            id: "p-1".into(),
            name: None,
            role: None,
            office_id: None,
        };
        let err = check(&nothing).expect_err("nothing to change");
        assert!(err.to_string().contains("update_officer"), "{err}");
    }
}
