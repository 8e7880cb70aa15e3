//! `npdesk checkout ...`.

pub mod import;
pub mod list;
pub mod view;
pub mod write;

use crate::cli::CheckoutCmd;
use crate::context::Ctx;
use crate::error::CliError;

pub async fn run(ctx: &Ctx, cmd: CheckoutCmd) -> Result<(), CliError> {
    match cmd {
        CheckoutCmd::Create(a) => write::create(ctx, a).await,
        CheckoutCmd::Get { id } => write::get(ctx, &id).await,
        CheckoutCmd::Show { id } => list::show(ctx, &id).await,
        CheckoutCmd::Capture { id } => write::capture(ctx, &id).await,
        CheckoutCmd::Refund(a) => write::refund(ctx, a).await,
        CheckoutCmd::Release { id } => write::release(ctx, &id).await,
        CheckoutCmd::Update { id, meta } => write::update(ctx, &id, &meta).await,
        CheckoutCmd::Delete { id } => write::delete(ctx, &id).await,
        CheckoutCmd::List(a) => list::list(ctx, a).await,
        CheckoutCmd::Import { file } => import::run(ctx, &file).await,
    }
}
