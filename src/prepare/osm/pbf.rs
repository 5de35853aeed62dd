//! Loading an OSM PBF file: the objects a reader selects plus all they reference.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use geo::{Coord, LineString};
use osmpbfreader::{NodeId, OsmId, OsmObj, OsmPbfReader, Way, WayId};

use crate::prepare::PrepareError;

/// How every PBF file starts after its 4-byte length prefix: the first `BlobHeader` field
/// (tag `0x0a`, 9 bytes long) naming the blob type `OSMHeader`.
const HEADER_SIGNATURE: &[u8] = b"\x0a\x09OSMHeader";

/// A node that a way refers to but the file does not hold (the extract cut it off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("node {id} is not in the file")]
pub(crate) struct MissingNode {
    /// The OSM node id.
    pub(crate) id: i64,
}

/// OSM objects by id: the selected ones and, recursively, their members and way nodes.
#[derive(Debug)]
pub(crate) struct OsmData {
    objects: BTreeMap<OsmId, OsmObj>,
}

/// Loads the objects `select` accepts, and every object they reference, from a PBF file.
///
/// The file is decoded several times (once per level of references) on all cores.
///
/// # Errors
///
/// [`PrepareError::Io`] when the file cannot be opened or read, [`PrepareError::Pbf`] when
/// it is not an OSM PBF file or a blob cannot be decoded.
///
/// FIXME: a file cut off inside a blob makes osmpbfreader 0.19.1 panic (an `assert_eq!` in
/// `OsmPbfReader::push`) instead of returning an error; only the start of the file is checked
/// here, so such a file still aborts the prepare step.
pub(crate) fn load(
    path: &Path,
    select: impl FnMut(&OsmObj) -> bool,
) -> Result<OsmData, PrepareError> {
    let mut file = File::open(path).map_err(|source| io_error(path, source))?;
    check_signature(path, &mut file)?;

    let mut reader = OsmPbfReader::new(BufReader::new(file));
    let objects = reader
        .get_objs_and_deps(select)
        .map_err(|error| pbf_error(path, error))?;
    Ok(OsmData { objects })
}

/// Fails unless the file starts like a PBF file, then rewinds it.
fn check_signature(path: &Path, file: &mut File) -> Result<(), PrepareError> {
    let mut start = [0_u8; 4 + HEADER_SIGNATURE.len()];
    match file.read_exact(&mut start) {
        Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => {
            return Err(not_pbf(path, "file is too short"));
        }
        result => result.map_err(|source| io_error(path, source))?,
    }

    if &start[4..] != HEADER_SIGNATURE {
        return Err(not_pbf(path, "file does not start with an OSMHeader blob"));
    }
    file.rewind().map_err(|source| io_error(path, source))
}

/// Turns an osmpbfreader error into ours, keeping I/O errors as such.
fn pbf_error(path: &Path, error: osmpbfreader::Error) -> PrepareError {
    match error {
        osmpbfreader::Error::Io(source) => io_error(path, source),
        osmpbfreader::Error::Pbf(error) => not_pbf(path, &format!("protobuf: {error}")),
        osmpbfreader::Error::UnsupportedData => not_pbf(path, "blob compression not supported"),
        osmpbfreader::Error::InvalidData => not_pbf(path, "blob header longer than 64 KiB"),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> PrepareError {
    PrepareError::Io {
        path: path.to_path_buf(),
        cause: source,
    }
}

fn not_pbf(path: &Path, message: &str) -> PrepareError {
    PrepareError::Pbf {
        path: path.to_path_buf(),
        message: message.to_owned(),
    }
}

impl OsmData {
    /// Every object, nodes first, then ways, then relations, each by ascending id.
    pub(crate) fn objects(&self) -> impl Iterator<Item = &OsmObj> {
        self.objects.values()
    }

    /// The way with this id, if the file holds it.
    pub(crate) fn way(&self, id: WayId) -> Option<&Way> {
        self.objects.get(&OsmId::Way(id)).and_then(OsmObj::way)
    }

    /// The location of a node as (lon, lat) degrees, WGS84.
    ///
    /// # Errors
    ///
    /// [`MissingNode`] when the file does not hold the node.
    pub(crate) fn coord(&self, id: NodeId) -> Result<Coord<f64>, MissingNode> {
        let node = self.objects.get(&OsmId::Node(id)).and_then(OsmObj::node);
        let node = node.ok_or(MissingNode { id: id.0 })?;
        Ok(Coord {
            x: node.lon(),
            y: node.lat(),
        })
    }

    /// The line through these nodes, (lon, lat) degrees, WGS84, one vertex per node.
    ///
    /// # Errors
    ///
    /// [`MissingNode`] naming the first node the file does not hold.
    pub(crate) fn line(&self, nodes: &[NodeId]) -> Result<LineString<f64>, MissingNode> {
        nodes.iter().map(|&id| self.coord(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
        let path = std::env::temp_dir().join(format!("gridbeat-pbf-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("temp file is writable");
        path
    }

    #[test]
    fn empty_file_is_not_pbf() {
        let path = temp_file("empty", b"");
        let error = load(&path, |_| true).expect_err("empty file");
        assert!(matches!(error, PrepareError::Pbf { .. }), "{error}");
        std::fs::remove_file(path).ok();
    }
}
