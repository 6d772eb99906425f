//! The window's event loop: eframe's, with the events that change nothing on the page held
//! back. eframe draws a frame for every key event, its release included, and for every event of
//! the input method; on a machine that renders in software each is a frame drawn by the CPU.
//! With [`editor::take_typing`] taking the typing out of egui's input (so egui runs no second
//! pass), a keystroke costs the one frame that reads it.
//!
//! [`editor::take_typing`]: super::editor::take_typing

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use eframe::UserEvent;
use winit::application::ApplicationHandler;
use winit::event::{DeviceEvent, DeviceId, ElementState, Ime, StartCause, WindowEvent};
use winit::event_loop::ActiveEventLoop;
use winit::keyboard::{Key, KeyCode, ModifiersState, NamedKey, PhysicalKey};
use winit::window::WindowId;

/// Which window events go on to eframe, and which are held back.
#[derive(Default)]
struct Filter {
    modifiers: ModifiersState,
    /// Keys pressed while typing into the manuscript, whose releases are held back.
    held: HashSet<PhysicalKey>,
    /// An input method switched off, not yet passed on.
    ime_off: Option<WindowId>,
}

impl Filter {
    /// The events to pass on for `event`, in order; `typing`: keys go to the manuscript.
    fn pass(
        &mut self,
        id: WindowId,
        event: WindowEvent,
        typing: bool,
    ) -> Vec<(WindowId, WindowEvent)> {
        let mut out = Vec::new();
        // On X11 the input method is switched off and on again whenever its place moves,
        // which is after every key: the pair changes nothing, and each half was a frame. The
        // off waits for the next event, which shows whether it was such a pair.
        if let Some(off) = self.ime_off.take() {
            if event == WindowEvent::Ime(Ime::Enabled) {
                return out;
            }
            out.push((off, WindowEvent::Ime(Ime::Disabled)));
        }
        let hold = match &event {
            WindowEvent::Ime(Ime::Disabled) if typing => {
                self.ime_off = Some(id);
                true
            }
            // Some systems repeat the modifiers with every key: a repeat that changes nothing
            // would be a frame of its own.
            WindowEvent::ModifiersChanged(m) => {
                std::mem::replace(&mut self.modifiers, m.state()) == m.state()
            }
            // Losing the window: whatever was held is released elsewhere.
            WindowEvent::Focused(false) => {
                self.held.clear();
                false
            }
            WindowEvent::KeyboardInput {
                event,
                is_synthetic,
                ..
            } => self.key(
                event.physical_key,
                &event.logical_key,
                event.state,
                *is_synthetic,
                typing,
            ),
            _ => false,
        };
        if !hold {
            out.push((id, event));
        }
        out
    }

    /// Whether a key event is held back: the release of a key pressed while typing into the
    /// manuscript. The presses are the keys `editor::take_typing` takes: plain keys (no Ctrl,
    /// Alt or the system key), not Esc, Tab or a function key, and none an input method took.
    fn key(
        &mut self,
        physical: PhysicalKey,
        logical: &Key,
        state: ElementState,
        synthetic: bool,
        typing: bool,
    ) -> bool {
        match state {
            ElementState::Released => self.held.remove(&physical),
            ElementState::Pressed => {
                let m = self.modifiers;
                let plain = !(m.control_key() || m.alt_key() || m.super_key());
                let special = matches!(
                    logical,
                    Key::Named(NamedKey::Escape | NamedKey::Tab | NamedKey::Process)
                ) || matches!(physical, PhysicalKey::Code(c) if function_key(c));
                if typing && plain && !special && !synthetic {
                    self.held.insert(physical);
                }
                false
            }
        }
    }
}

/// F1 to F35 (by name: winit's key codes have no order to compare).
fn function_key(c: KeyCode) -> bool {
    let name = format!("{c:?}");
    name.len() > 1 && name.starts_with('F') && name[1..].bytes().all(|b| b.is_ascii_digit())
}

/// eframe's application, with the window events filtered.
pub struct KeyLoop<A> {
    inner: A,
    /// Whether keys now go to the manuscript: set by the app at the end of every frame.
    typing: Arc<AtomicBool>,
    filter: Filter,
}

impl<A> KeyLoop<A> {
    pub fn new(inner: A, typing: Arc<AtomicBool>) -> Self {
        KeyLoop {
            inner,
            typing,
            filter: Filter::default(),
        }
    }
}

impl<A: ApplicationHandler<UserEvent>> ApplicationHandler<UserEvent> for KeyLoop<A> {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.resumed(event_loop);
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, id: WindowId, event: WindowEvent) {
        let typing = self.typing.load(Ordering::Relaxed);
        for (id, event) in self.filter.pass(id, event, typing) {
            self.inner.window_event(event_loop, id, event);
        }
    }

    fn new_events(&mut self, event_loop: &ActiveEventLoop, cause: StartCause) {
        self.inner.new_events(event_loop, cause);
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        self.inner.user_event(event_loop, event);
    }

    fn device_event(&mut self, event_loop: &ActiveEventLoop, id: DeviceId, event: DeviceEvent) {
        self.inner.device_event(event_loop, id, event);
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.about_to_wait(event_loop);
    }

    fn suspended(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.suspended(event_loop);
    }

    fn exiting(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.exiting(event_loop);
    }

    fn memory_warning(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.memory_warning(event_loop);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id() -> WindowId {
        WindowId::from(7)
    }

    fn passed(f: &mut Filter, event: WindowEvent, typing: bool) -> Vec<WindowEvent> {
        f.pass(id(), event, typing)
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    }

    #[test]
    fn a_key_typed_into_the_page_has_its_release_held_back_and_no_other() {
        let mut f = Filter::default();
        let a = PhysicalKey::Code(KeyCode::KeyA);
        let letter = Key::Character("a".into());
        // Pressed while typing: passed on; its release is held back, once.
        assert!(!f.key(a, &letter, ElementState::Pressed, false, true));
        assert!(f.key(a, &letter, ElementState::Released, false, true));
        assert!(!f.key(a, &letter, ElementState::Released, false, true));
        // Not typing, with Ctrl, a function key, Esc, an input method's key, a synthetic key:
        // the release is passed on.
        f.modifiers = ModifiersState::CONTROL;
        assert!(!f.key(a, &letter, ElementState::Pressed, false, true));
        assert!(!f.key(a, &letter, ElementState::Released, false, true));
        f.modifiers = ModifiersState::empty();
        for (physical, logical, synthetic, typing) in [
            (a, letter.clone(), false, false),
            (
                PhysicalKey::Code(KeyCode::F2),
                Key::Named(NamedKey::F2),
                false,
                true,
            ),
            (
                PhysicalKey::Code(KeyCode::Escape),
                Key::Named(NamedKey::Escape),
                false,
                true,
            ),
            (a, Key::Named(NamedKey::Process), false, true),
            (a, letter.clone(), true, true),
        ] {
            f.key(physical, &logical, ElementState::Pressed, synthetic, typing);
            assert!(!f.key(physical, &logical, ElementState::Released, false, true));
        }
        // The letter F is no function key.
        assert!(!function_key(KeyCode::KeyF) && function_key(KeyCode::F12));
    }

    #[test]
    fn the_input_method_switched_off_and_on_again_is_held_back_and_a_real_off_is_not() {
        let mut f = Filter::default();
        assert!(passed(&mut f, WindowEvent::Ime(Ime::Disabled), true).is_empty());
        assert!(passed(&mut f, WindowEvent::Ime(Ime::Enabled), true).is_empty());
        // Off, then something else: the off goes on first.
        assert!(passed(&mut f, WindowEvent::Ime(Ime::Disabled), true).is_empty());
        assert_eq!(
            passed(&mut f, WindowEvent::Focused(false), true),
            [WindowEvent::Ime(Ime::Disabled), WindowEvent::Focused(false)]
        );
        // Not typing into the page: passed on at once.
        assert_eq!(
            passed(&mut f, WindowEvent::Ime(Ime::Disabled), false),
            [WindowEvent::Ime(Ime::Disabled)]
        );
        // Composition is never held back.
        let preedit = WindowEvent::Ime(Ime::Preedit("jiang".into(), Some((5, 5))));
        assert_eq!(passed(&mut f, preedit.clone(), true), [preedit]);
    }

    #[test]
    fn modifiers_repeated_unchanged_are_held_back() {
        let mut f = Filter::default();
        let shift = WindowEvent::ModifiersChanged(ModifiersState::SHIFT.into());
        let none = WindowEvent::ModifiersChanged(ModifiersState::empty().into());
        assert!(passed(&mut f, none.clone(), true).is_empty());
        assert_eq!(passed(&mut f, shift.clone(), true).len(), 1);
        assert!(passed(&mut f, shift, true).is_empty());
        assert_eq!(passed(&mut f, none.clone(), true), [none]);
    }
}
