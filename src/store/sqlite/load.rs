//! Reading the data set back from SQLite.

use sqlx::{SqliteConnection, SqlitePool};

use crate::model::*;
use crate::store::geometry::{multi_polygon_from_geojson, point_from_geojson};
use crate::store::rows::{self, OfficerRow, bad, parse_enum, unsigned};
use crate::store::{StoreError, StoreResult};

/// Reads every table in one read transaction (one snapshot) and checks the result.
pub(in crate::store) async fn load(pool: &SqlitePool) -> StoreResult<(Dataset, i64)> {
    let mut tx = pool
        .begin()
        .await
        .map_err(StoreError::database("begin reading"))?;

    let meta = read_meta(&mut tx).await?;
    let layers = Layers {
        jurisdictions: read_jurisdictions(&mut tx).await?,
        stations: read_stations(&mut tx).await?,
        offices: read_offices(&mut tx).await?,
        workstations: read_workstations(&mut tx).await?,
        villages: read_villages(&mut tx).await?,
        grids: read_grids(&mut tx).await?,
        officers: read_officers(&mut tx).await?,
    };
    let last_change = super::edit::last_change(&mut tx).await?;
    tx.commit()
        .await
        .map_err(StoreError::database("end reading"))?;

    let dataset = Dataset::new(meta, layers).map_err(|source| StoreError::Model { source })?;
    Ok((dataset, last_change))
}

async fn read_meta(conn: &mut SqliteConnection) -> StoreResult<DatasetMeta> {
    const SQL: &str = "SELECT name, title, attribution, sources, language, seed FROM dataset_meta";
    let row: Option<(String, String, String, String, String, i64)> = sqlx::query_as(SQL)
        .fetch_optional(conn)
        .await
        .map_err(StoreError::database("read the data set"))?;
    let (name, title, attribution, sources, language, seed) = row.ok_or(StoreError::Empty)?;
    let sources = serde_json::from_str(&sources)
        .map_err(|e| bad("dataset", &name, "sources", e.to_string()))?;
    let seed = unsigned("dataset", &name, "seed", seed)?;
    Ok(DatasetMeta {
        name,
        title,
        attribution,
        sources,
        language,
        seed,
    })
}

async fn read_jurisdictions(conn: &mut SqliteConnection) -> StoreResult<Vec<Jurisdiction>> {
    const SQL: &str = "SELECT id, code, name, geom FROM jurisdictions ORDER BY seq";
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read jurisdictions"))?;
    rows.into_iter()
        .map(|(id, code, name, geom)| {
            let geometry = multi_polygon("jurisdiction", &id, &geom)?;
            Ok(Jurisdiction {
                id,
                code,
                name,
                geometry,
            })
        })
        .collect()
}

async fn read_stations(conn: &mut SqliteConnection) -> StoreResult<Vec<Station>> {
    const SQL: &str = "SELECT id, name, jurisdiction_id, geom FROM stations ORDER BY seq";
    let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read stations"))?;
    rows.into_iter()
        .map(|(id, name, jurisdiction_id, geom)| {
            let point = point("station", &id, &geom)?;
            Ok(Station {
                id,
                name,
                point,
                jurisdiction_id,
            })
        })
        .collect()
}

async fn read_offices(conn: &mut SqliteConnection) -> StoreResult<Vec<Office>> {
    const SQL: &str = "SELECT id, name, station_id, geom FROM offices ORDER BY seq";
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read offices"))?;
    rows.into_iter()
        .map(|(id, name, station_id, geom)| {
            let point = point("office", &id, &geom)?;
            Ok(Office {
                id,
                name,
                point,
                station_id,
            })
        })
        .collect()
}

async fn read_workstations(conn: &mut SqliteConnection) -> StoreResult<Vec<Workstation>> {
    const SQL: &str = "SELECT id, name, office_id, geom FROM workstations ORDER BY seq";
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read workstations"))?;
    rows.into_iter()
        .map(|(id, name, office_id, geom)| {
            let point = point("workstation", &id, &geom)?;
            Ok(Workstation {
                id,
                name,
                point,
                office_id,
            })
        })
        .collect()
}

/// A village row: id, code, name, kind, population, jurisdiction, point, outline.
type VillageRow = (
    String,
    Option<String>,
    String,
    String,
    Option<i64>,
    String,
    String,
    Option<String>,
);

async fn read_villages(conn: &mut SqliteConnection) -> StoreResult<Vec<Village>> {
    const SQL: &str = "SELECT id, code, name, kind, population, jurisdiction_id, geom, outline \
        FROM villages ORDER BY seq";
    let rows: Vec<VillageRow> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read villages"))?;
    rows.into_iter()
        .map(
            |(id, code, name, kind, population, jurisdiction_id, geom, outline)| {
                let population = population
                    .map(|p| unsigned("village", &id, "population", p))
                    .transpose()?;
                let outline = outline.map(|o| multi_polygon("village", &id, &o));
                Ok(Village {
                    kind: parse_enum("village", &id, "kind", &kind)?,
                    point: point("village", &id, &geom)?,
                    polygon: outline.transpose()?,
                    id,
                    code,
                    name,
                    population,
                    jurisdiction_id,
                })
            },
        )
        .collect()
}

async fn read_grids(conn: &mut SqliteConnection) -> StoreResult<Vec<Grid>> {
    const SQL: &str = "SELECT id, code, village_id, jurisdiction_id, geom FROM grids ORDER BY seq";
    let rows: Vec<(String, String, Option<String>, String, String)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read grids"))?;
    rows.into_iter()
        .map(|(id, code, village_id, jurisdiction_id, geom)| {
            let geometry = multi_polygon("grid", &id, &geom)?;
            Ok(Grid {
                id,
                code,
                village_id,
                jurisdiction_id,
                geometry,
            })
        })
        .collect()
}

async fn read_officers(conn: &mut SqliteConnection) -> StoreResult<Vec<Officer>> {
    const OFFICERS: &str = "SELECT id, name, role, office_id FROM officers ORDER BY seq";
    const GRIDS: &str =
        "SELECT officer_id, grid_id FROM officer_grids ORDER BY officer_id, position";
    let officers: Vec<(String, String, String, String)> = sqlx::query_as(OFFICERS)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::database("read officers"))?;
    let assignments = sqlx::query_as(GRIDS)
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::database("read officer grids"))?;
    let officers = officers
        .into_iter()
        .map(|(id, name, role, office_id)| OfficerRow {
            id,
            name,
            role,
            office_id,
        })
        .collect();
    rows::officers_with_grids(officers, assignments)
}

fn point(layer: &'static str, id: &str, geom: &str) -> StoreResult<geo::Point> {
    point_from_geojson(geom).map_err(|m| bad(layer, id, "geom", m))
}

fn multi_polygon(layer: &'static str, id: &str, geom: &str) -> StoreResult<geo::MultiPolygon> {
    multi_polygon_from_geojson(geom).map_err(|m| bad(layer, id, "geom", m))
}
