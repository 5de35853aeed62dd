//! Writing a whole data set into PostGIS in one transaction.

use sqlx::{PgConnection, PgPool};

use crate::model::*;
use crate::store::geometry::multi_polygon_to_wkb;
use crate::store::rows::{self, Counts, seq, signed};
use crate::store::{StoreError, StoreResult};

/// Replaces the stored data set with `dataset` in one transaction.
pub(in crate::store) async fn import(pool: &PgPool, dataset: &Dataset) -> StoreResult<()> {
    let mut tx = pool
        .begin()
        .await
        .map_err(StoreError::database("begin the import"))?;

    // Imports and edits queue on the writer lock; readers of the old data set go on.
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(crate::store::edit_tx::WRITER_LOCK_KEY)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::database("lock the data set"))?;

    let replaced = clear(&mut tx, &dataset.meta.name).await?;
    insert_meta(&mut tx, &dataset.meta).await?;
    insert_areas(&mut tx, dataset).await?;
    insert_sites(&mut tx, dataset).await?;
    insert_staff(&mut tx, dataset).await?;
    log_import(&mut tx, dataset, replaced).await?;

    tx.commit()
        .await
        .map_err(StoreError::database("commit the import"))
}

/// Refuses another data set's database, then empties it; returns what it held.
async fn clear(conn: &mut PgConnection, name: &str) -> StoreResult<Option<Counts>> {
    let stored: Option<String> = sqlx::query_scalar("SELECT name FROM dataset_meta")
        .fetch_optional(&mut *conn)
        .await
        .map_err(StoreError::database("read the data set name"))?;
    let Some(stored) = stored else {
        return Ok(None);
    };
    if stored != name {
        return Err(StoreError::OtherDataset {
            stored,
            importing: name.to_owned(),
        });
    }
    let counts = sqlx::query_as(rows::COUNTS_SQL)
        .fetch_one(&mut *conn)
        .await
        .map_err(StoreError::database("count the stored records"))?;
    for table in rows::TABLES_CHILDREN_FIRST {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *conn)
            .await
            .map_err(StoreError::database("delete the stored data set"))?;
    }
    Ok(Some(counts))
}

async fn insert_meta(conn: &mut PgConnection, meta: &DatasetMeta) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO dataset_meta \
        (name, title, attribution, sources, language, seed) \
        VALUES ($1, $2, $3, $4::jsonb, $5, $6)";
    let sources = serde_json::Value::from(meta.sources.clone()).to_string();
    sqlx::query(SQL)
        .bind(&meta.name)
        .bind(&meta.title)
        .bind(&meta.attribution)
        .bind(sources)
        .bind(&meta.language)
        .bind(signed("dataset", &meta.name, "seed", meta.seed)?)
        .execute(conn)
        .await
        .map_err(StoreError::write("dataset", &meta.name))?;
    Ok(())
}

/// Jurisdictions, villages and grids: the polygon layers and what they hang on.
async fn insert_areas(conn: &mut PgConnection, d: &Dataset) -> StoreResult<()> {
    const JURISDICTION: &str = "INSERT INTO jurisdictions (id, seq, code, name, geom) \
        VALUES ($1, $2, $3, $4, ST_GeomFromWKB($5, 4326))";
    const GRID: &str = "INSERT INTO grids (id, seq, code, village_id, jurisdiction_id, geom) \
        VALUES ($1, $2, $3, $4, $5, ST_GeomFromWKB($6, 4326))";
    for (i, j) in d.jurisdictions.iter().enumerate() {
        sqlx::query(JURISDICTION)
            .bind(&j.id)
            .bind(seq(i))
            .bind(&j.code)
            .bind(&j.name)
            .bind(multi_polygon_to_wkb(&j.geometry))
            .execute(&mut *conn)
            .await
            .map_err(StoreError::write("jurisdiction", &j.id))?;
    }
    for (i, v) in d.villages.iter().enumerate() {
        insert_village(conn, i, v).await?;
    }
    for (i, g) in d.grids.iter().enumerate() {
        sqlx::query(GRID)
            .bind(&g.id)
            .bind(seq(i))
            .bind(&g.code)
            .bind(&g.village_id)
            .bind(&g.jurisdiction_id)
            .bind(multi_polygon_to_wkb(&g.geometry))
            .execute(&mut *conn)
            .await
            .map_err(StoreError::write("grid", &g.id))?;
    }
    Ok(())
}

async fn insert_village(conn: &mut PgConnection, i: usize, v: &Village) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO villages \
        (id, seq, code, name, kind, population, jurisdiction_id, geom, outline) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, \
        ST_SetSRID(ST_MakePoint($8, $9), 4326), ST_GeomFromWKB($10, 4326))";
    let population = v
        .population
        .map(|p| signed("village", &v.id, "population", p));
    sqlx::query(SQL)
        .bind(&v.id)
        .bind(seq(i))
        .bind(&v.code)
        .bind(&v.name)
        .bind(v.kind.as_str())
        .bind(population.transpose()?)
        .bind(&v.jurisdiction_id)
        .bind(v.point.x())
        .bind(v.point.y())
        .bind(v.polygon.as_ref().map(multi_polygon_to_wkb))
        .execute(conn)
        .await
        .map_err(StoreError::write("village", &v.id))?;
    Ok(())
}

/// Stations, offices and workstations: the point layers of the police hierarchy.
async fn insert_sites(conn: &mut PgConnection, d: &Dataset) -> StoreResult<()> {
    const STATION: &str = "INSERT INTO stations (id, seq, name, jurisdiction_id, geom) \
        VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))";
    const OFFICE: &str = "INSERT INTO offices (id, seq, name, station_id, geom) \
        VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))";
    const WORKSTATION: &str = "INSERT INTO workstations (id, seq, name, office_id, geom) \
        VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326))";
    for (i, s) in d.stations.iter().enumerate() {
        let parent = s.jurisdiction_id.as_deref();
        insert_site(conn, STATION, i, &s.id, &s.name, parent, s.point)
            .await
            .map_err(StoreError::write("station", &s.id))?;
    }
    for (i, o) in d.offices.iter().enumerate() {
        let parent = Some(o.station_id.as_str());
        insert_site(conn, OFFICE, i, &o.id, &o.name, parent, o.point)
            .await
            .map_err(StoreError::write("office", &o.id))?;
    }
    for (i, w) in d.workstations.iter().enumerate() {
        let parent = Some(w.office_id.as_str());
        insert_site(conn, WORKSTATION, i, &w.id, &w.name, parent, w.point)
            .await
            .map_err(StoreError::write("workstation", &w.id))?;
    }
    Ok(())
}

async fn insert_site(
    conn: &mut PgConnection,
    sql: &'static str,
    position: usize,
    id: &str,
    name: &str,
    parent: Option<&str>,
    point: geo::Point,
) -> Result<(), sqlx::Error> {
    sqlx::query(sql)
        .bind(id)
        .bind(seq(position))
        .bind(name)
        .bind(parent)
        .bind(point.x())
        .bind(point.y())
        .execute(conn)
        .await?;
    Ok(())
}

/// Officers, then their grids.
async fn insert_staff(conn: &mut PgConnection, d: &Dataset) -> StoreResult<()> {
    const OFFICER: &str = "INSERT INTO officers (id, seq, name, role, office_id) \
        VALUES ($1, $2, $3, $4, $5)";
    const GRID: &str = "INSERT INTO officer_grids (officer_id, grid_id, role, position) \
        VALUES ($1, $2, $3, $4)";
    for (i, o) in d.officers.iter().enumerate() {
        sqlx::query(OFFICER)
            .bind(&o.id)
            .bind(seq(i))
            .bind(&o.name)
            .bind(o.role.as_str())
            .bind(&o.office_id)
            .execute(&mut *conn)
            .await
            .map_err(StoreError::write("officer", &o.id))?;
        for (position, grid_id) in o.grid_ids.iter().enumerate() {
            let position = i32::try_from(position).unwrap_or(i32::MAX);
            sqlx::query(GRID)
                .bind(&o.id)
                .bind(grid_id)
                .bind(o.role.as_str())
                .bind(position)
                .execute(&mut *conn)
                .await
                .map_err(StoreError::write("officer", &o.id))?;
        }
    }
    Ok(())
}

async fn log_import(
    conn: &mut PgConnection,
    dataset: &Dataset,
    replaced: Option<Counts>,
) -> StoreResult<()> {
    const SQL: &str = "INSERT INTO change_log (actor, action, entity, entity_id, before, after) \
        VALUES ($1, 'import', 'dataset', $2, $3::jsonb, $4::jsonb)";
    let (before, after) = rows::import_log(dataset, replaced);
    sqlx::query(SQL)
        .bind(rows::IMPORT_ACTOR)
        .bind(&dataset.meta.name)
        .bind(before.map(|b| b.to_string()))
        .bind(after.to_string())
        .execute(conn)
        .await
        .map_err(StoreError::database("write the change log"))?;
    Ok(())
}
