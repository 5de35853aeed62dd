//! One edit in PostGIS: the changed record rewritten and a change-log entry, in one transaction.

use sqlx::PgConnection;

use crate::model::{Dataset, Officer};
use crate::store::change::{self, Change, ChangeQuery, ChangeRow, NewChange};
use crate::store::geometry::multi_polygon_to_wkb;
use crate::store::{Record, StoreError, StoreResult};

/// The id of the newest change-log entry, 0 when the log is empty.
pub(in crate::store) async fn last_change(conn: &mut PgConnection) -> StoreResult<i64> {
    sqlx::query_scalar("SELECT coalesce(max(id), 0) FROM change_log")
        .fetch_one(conn)
        .await
        .map_err(StoreError::database("read the change log"))
}

/// Entries matching `query`, oldest first.
pub(in crate::store) async fn changes(
    conn: &mut PgConnection,
    query: &ChangeQuery,
) -> StoreResult<Vec<Change>> {
    const SQL: &str = "SELECT id, \
        to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), \
        actor, action, entity, entity_id, before::text, after::text, edit::text \
        FROM change_log WHERE id > $1 AND ($2::text IS NULL OR entity = $2) \
        AND ($3::text IS NULL OR entity_id = $3) ORDER BY id LIMIT $4";
    let rows: Vec<ChangeRow> = sqlx::query_as(SQL)
        .bind(query.after_id)
        .bind(&query.entity)
        .bind(&query.entity_id)
        .bind(query.limit)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read the change log"))?;
    rows.into_iter().map(change::from_row).collect()
}

/// Appends `entry` to the change log; returns its id.
pub(in crate::store) async fn log(
    conn: &mut PgConnection,
    entry: &NewChange<'_>,
) -> StoreResult<i64> {
    const SQL: &str = "INSERT INTO change_log \
        (actor, action, entity, entity_id, before, after, edit) \
        VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb) RETURNING id";
    sqlx::query_scalar(SQL)
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.entity)
        .bind(entry.entity_id)
        .bind(change::json_text(entry.before))
        .bind(change::json_text(entry.after))
        .bind(change::json_text(entry.edit))
        .fetch_one(conn)
        .await
        .map_err(StoreError::database("write the change log"))
}

/// Makes the stored `record` what it is in `dataset`: written when there, deleted when not.
pub(in crate::store) async fn write_record(
    conn: &mut PgConnection,
    dataset: &Dataset,
    record: Record<'_>,
) -> StoreResult<()> {
    match record {
        Record::Officer(id) => write_officer(conn, id, dataset.officer(id)).await,
        Record::Office(id) => {
            let site = dataset
                .office(id)
                .map(|o| (&o.name, &o.station_id, o.point));
            write_site(conn, "offices", "station_id", id, site).await
        }
        Record::Workstation(id) => {
            let site = dataset
                .workstation(id)
                .map(|w| (&w.name, &w.office_id, w.point));
            write_site(conn, "workstations", "office_id", id, site).await
        }
        Record::Grid(id) => {
            let grid = dataset.grid(id).ok_or_else(|| StoreError::Missing {
                layer: "grid",
                id: id.to_owned(),
            })?;
            const SQL: &str = "UPDATE grids SET geom = ST_GeomFromWKB($1, 4326), \
                version = version + 1 WHERE id = $2";
            sqlx::query(SQL)
                .bind(multi_polygon_to_wkb(&grid.geometry))
                .bind(id)
                .execute(conn)
                .await
                .map_err(StoreError::write("grid", id))?;
            Ok(())
        }
    }
}

/// An office or workstation row, `(name, parent id, point)`.
type Site<'a> = Option<(&'a String, &'a String, geo::Point)>;

async fn write_site(
    conn: &mut PgConnection,
    table: &'static str,
    parent: &'static str,
    id: &str,
    site: Site<'_>,
) -> StoreResult<()> {
    let layer = table.trim_end_matches('s');
    let Some((name, parent_id, point)) = site else {
        sqlx::query(&format!("DELETE FROM {table} WHERE id = $1"))
            .bind(id)
            .execute(conn)
            .await
            .map_err(StoreError::write(layer, id))?;
        return Ok(());
    };
    let sql = format!(
        "INSERT INTO {table} (id, seq, name, {parent}, geom) \
         VALUES ($1, (SELECT coalesce(max(seq), -1) + 1 FROM {table}), $2, $3, \
         ST_SetSRID(ST_MakePoint($4, $5), 4326)) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, {parent} = excluded.{parent}, \
         geom = excluded.geom, version = {table}.version + 1"
    );
    sqlx::query(&sql)
        .bind(id)
        .bind(name)
        .bind(parent_id)
        .bind(point.x())
        .bind(point.y())
        .execute(conn)
        .await
        .map_err(StoreError::write(layer, id))?;
    Ok(())
}

/// Rewrites an officer and their grid list, or deletes them (their grids go with them).
async fn write_officer(
    conn: &mut PgConnection,
    id: &str,
    officer: Option<&Officer>,
) -> StoreResult<()> {
    const UPSERT: &str = "INSERT INTO officers (id, seq, name, role, office_id) \
        VALUES ($1, (SELECT coalesce(max(seq), -1) + 1 FROM officers), $2, $3, $4) \
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, \
        office_id = excluded.office_id, version = officers.version + 1";
    const GRID: &str = "INSERT INTO officer_grids (officer_id, grid_id, role, position) \
        VALUES ($1, $2, $3, $4)";
    let write = || StoreError::write("officer", id);

    // The grid rows go first: a role change must not meet the old rows' one-primary index.
    sqlx::query("DELETE FROM officer_grids WHERE officer_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(write())?;
    let Some(officer) = officer else {
        sqlx::query("DELETE FROM officers WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(write())?;
        return Ok(());
    };
    sqlx::query(UPSERT)
        .bind(id)
        .bind(&officer.name)
        .bind(officer.role.as_str())
        .bind(&officer.office_id)
        .execute(&mut *conn)
        .await
        .map_err(write())?;
    for (position, grid_id) in officer.grid_ids.iter().enumerate() {
        sqlx::query(GRID)
            .bind(id)
            .bind(grid_id)
            .bind(officer.role.as_str())
            .bind(i32::try_from(position).unwrap_or(i32::MAX))
            .execute(&mut *conn)
            .await
            .map_err(write())?;
    }
    Ok(())
}
