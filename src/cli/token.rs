//! `gridbeat token`: create, list and revoke access tokens.

use anyhow::Context;
use clap::Subcommand;
use gridbeat::auth::{self, AccessRole, Grant};
use gridbeat::store::{Store, redact_url};

use super::DataArg;
use super::database::DatabaseArgs;

/// Options of `gridbeat token`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(flatten)]
    data: DataArg,
    #[command(flatten)]
    database: DatabaseArgs,
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Creates a token and prints it once (only its hash is stored).
    Create {
        /// Who holds it; written to the change log with every edit made with it.
        #[arg(long)]
        name: String,
        /// viewer, editor or admin.
        #[arg(long)]
        role: AccessRole,
        /// Limits an editor to these jurisdiction ids (repeat, or separate with commas).
        #[arg(long = "jurisdiction", value_delimiter = ',')]
        jurisdictions: Vec<String>,
    },
    /// Lists tokens as JSON lines (never their secrets).
    List,
    /// Revokes a token by its number (from `list`).
    Revoke {
        /// The token's number.
        id: i64,
    },
}

pub fn run(args: TokenArgs) -> anyhow::Result<()> {
    let url = args.database.url(&args.data.data)?;
    let shown = redact_url(&url);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let store = Store::connect(&url)
            .await
            .with_context(|| format!("opening {shown}"))?;
        let result = act(&store, args.action).await;
        store.close().await;
        result
    })
}

async fn act(store: &Store, action: Action) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match action {
        Action::Create {
            name,
            role,
            jurisdictions,
        } => {
            anyhow::ensure!(!name.trim().is_empty(), "--name must not be blank");
            if !jurisdictions.is_empty() && role != AccessRole::Editor {
                anyhow::bail!("--jurisdiction limits editor tokens only; {role} tokens hold all");
            }
            check_jurisdictions(store, &jurisdictions).await?;
            let grant = Grant {
                name,
                role,
                jurisdictions: (!jurisdictions.is_empty()).then_some(jurisdictions),
            };
            let secret = auth::new_token();
            let id = store
                .create_token(&grant, &auth::token_hash(&secret))
                .await?;
            tracing::info!(id, name = %grant.name, role = %grant.role, "token created");
            writeln!(out, "{secret}")?;
        }
        Action::List => {
            for token in store.tokens().await? {
                writeln!(out, "{}", serde_json::to_string(&token)?)?;
            }
        }
        Action::Revoke { id } => {
            if !store.revoke_token(id).await? {
                anyhow::bail!("no live token number {id}; see `gridbeat token list`");
            }
            tracing::info!(id, "token revoked");
        }
    }
    Ok(())
}

/// Refuses jurisdiction ids the stored data set does not have.
async fn check_jurisdictions(store: &Store, ids: &[String]) -> anyhow::Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let known = match store.load().await {
        Ok(dataset) => dataset,
        Err(gridbeat::store::StoreError::Empty) => anyhow::bail!(
            "the database holds no data set yet, so --jurisdiction cannot be checked; start \
             gridbeat serve once or run gridbeat import first"
        ),
        Err(e) => return Err(e.into()),
    };
    let unknown: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| known.jurisdiction(id).is_none())
        .collect();
    anyhow::ensure!(
        unknown.is_empty(),
        "no jurisdiction {} in data set {:?}",
        unknown.join(", "),
        known.meta.name
    );
    Ok(())
}
