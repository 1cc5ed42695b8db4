//! [`Fresh`]: a view that is built anew instead of updated in place.
//!
//! Leptos compiles, for every view a reactive closure (or `Show`, or `AnyView`) returns, the
//! code that updates that view in place, element by element, attribute by attribute, even
//! where it never runs: a branch that `Show` only ever builds, say. For a large static tree
//! that code is many kilobytes of the download. A `Fresh` view is updated by building it again
//! and swapping it in, as a reactive closure nested in another is, so only its building code
//! is compiled.

use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// `view`, built anew whenever it would be updated.
pub struct Fresh<V>(pub V);

impl<V: Render> Render for Fresh<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut new = self.0.build();
        state.insert_before_this(&mut new);
        state.unmount();
        *state = new;
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Fresh<V> {
    type Output<SomeNewAttr: Attribute> = Fresh<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Fresh(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for Fresh<V> {
    type AsyncOutput = Fresh<V::AsyncOutput>;
    type Owned = Fresh<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve();
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Fresh(self.0.resolve().await)
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs);
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn into_owned(self) -> Self::Owned {
        Fresh(self.0.into_owned())
    }
}
