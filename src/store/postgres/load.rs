//! Reading the data set back from PostGIS.

use geo::{MultiPolygon, Point};
use sqlx::{PgConnection, PgPool};

use crate::model::*;
use crate::store::geometry::multi_polygon_from_wkb;
use crate::store::rows::{self, OfficerRow, bad, parse_enum, unsigned};
use crate::store::{StoreError, StoreResult};

/// Reads every table from one snapshot and checks the result.
pub(in crate::store) async fn load(pool: &PgPool) -> StoreResult<(Dataset, i64)> {
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
        .map_err(StoreError::database("begin reading"))?;

    let meta = read_meta(&mut tx).await?;
    let stations = read_sites(&mut tx, "stations", "jurisdiction_id").await?;
    let offices = read_sites(&mut tx, "offices", "station_id").await?;
    let workstations = read_sites(&mut tx, "workstations", "office_id").await?;
    let layers = Layers {
        jurisdictions: read_jurisdictions(&mut tx).await?,
        stations: stations.into_iter().map(Site::station).collect(),
        offices: offices
            .into_iter()
            .map(Site::office)
            .collect::<StoreResult<_>>()?,
        workstations: workstations
            .into_iter()
            .map(Site::workstation)
            .collect::<StoreResult<_>>()?,
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

async fn read_meta(conn: &mut PgConnection) -> StoreResult<DatasetMeta> {
    const SQL: &str =
        "SELECT name, title, attribution, sources::text, language, seed FROM dataset_meta";
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

async fn read_jurisdictions(conn: &mut PgConnection) -> StoreResult<Vec<Jurisdiction>> {
    const SQL: &str = "SELECT id, code, name, ST_AsBinary(geom, 'NDR') \
        FROM jurisdictions ORDER BY seq";
    let rows: Vec<(String, String, String, Vec<u8>)> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read jurisdictions"))?;
    rows.into_iter()
        .map(|(id, code, name, wkb)| {
            let geometry = multi_polygon("jurisdiction", &id, &wkb)?;
            Ok(Jurisdiction {
                id,
                code,
                name,
                geometry,
            })
        })
        .collect()
}

/// A station, office or workstation row: a named point with one parent.
struct Site {
    id: String,
    name: String,
    parent: Option<String>,
    point: Point,
}

impl Site {
    fn station(self) -> Station {
        Station {
            id: self.id,
            name: self.name,
            point: self.point,
            jurisdiction_id: self.parent,
        }
    }

    fn office(self) -> StoreResult<Office> {
        let station_id = self.parent_required("station_id")?;
        Ok(Office {
            id: self.id,
            name: self.name,
            point: self.point,
            station_id,
        })
    }

    fn workstation(self) -> StoreResult<Workstation> {
        let office_id = self.parent_required("office_id")?;
        Ok(Workstation {
            id: self.id,
            name: self.name,
            point: self.point,
            office_id,
        })
    }

    fn parent_required(&self, field: &'static str) -> StoreResult<String> {
        // The schema makes these columns NOT NULL; a NULL means someone changed it.
        let missing = || bad("site", &self.id, field, "is null".into());
        self.parent.clone().ok_or_else(missing)
    }
}

/// Reads a point layer; `table` and `parent` are constants of this module, never input.
async fn read_sites(
    conn: &mut PgConnection,
    table: &'static str,
    parent: &'static str,
) -> StoreResult<Vec<Site>> {
    let sql =
        format!("SELECT id, name, {parent}, ST_X(geom), ST_Y(geom) FROM {table} ORDER BY seq");
    let rows: Vec<(String, String, Option<String>, f64, f64)> = sqlx::query_as(&sql)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database(
            "read stations, offices or workstations",
        ))?;
    let sites = rows.into_iter().map(|(id, name, parent, lon, lat)| Site {
        id,
        name,
        parent,
        point: Point::new(lon, lat),
    });
    Ok(sites.collect())
}

/// A village row: id, code, name, kind, population, jurisdiction, lon, lat, outline WKB.
type VillageRow = (
    String,
    Option<String>,
    String,
    String,
    Option<i64>,
    String,
    f64,
    f64,
    Option<Vec<u8>>,
);

async fn read_villages(conn: &mut PgConnection) -> StoreResult<Vec<Village>> {
    const SQL: &str = "SELECT id, code, name, kind, population, jurisdiction_id, \
        ST_X(geom), ST_Y(geom), ST_AsBinary(outline, 'NDR') FROM villages ORDER BY seq";
    let rows: Vec<VillageRow> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read villages"))?;
    rows.into_iter()
        .map(
            |(id, code, name, kind, population, jurisdiction_id, lon, lat, outline)| {
                let population = population
                    .map(|p| unsigned("village", &id, "population", p))
                    .transpose()?;
                let outline = outline.map(|wkb| multi_polygon("village", &id, &wkb));
                Ok(Village {
                    kind: parse_enum("village", &id, "kind", &kind)?,
                    point: Point::new(lon, lat),
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

/// A grid row: id, code, village, jurisdiction, WKB.
type GridRow = (String, String, Option<String>, String, Vec<u8>);

async fn read_grids(conn: &mut PgConnection) -> StoreResult<Vec<Grid>> {
    const SQL: &str = "SELECT id, code, village_id, jurisdiction_id, \
        ST_AsBinary(geom, 'NDR') FROM grids ORDER BY seq";
    let rows: Vec<GridRow> = sqlx::query_as(SQL)
        .fetch_all(conn)
        .await
        .map_err(StoreError::database("read grids"))?;
    rows.into_iter()
        .map(|(id, code, village_id, jurisdiction_id, wkb)| {
            let geometry = multi_polygon("grid", &id, &wkb)?;
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

async fn read_officers(conn: &mut PgConnection) -> StoreResult<Vec<Officer>> {
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

fn multi_polygon(layer: &'static str, id: &str, wkb: &[u8]) -> StoreResult<MultiPolygon> {
    multi_polygon_from_wkb(wkb).map_err(|m| bad(layer, id, "geom", m))
}
