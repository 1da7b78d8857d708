//! Tasks of one thread (a Spin instance) waiting for a turn: each waits until woken, then
//! checks again. Shared by the instance's connection turns (the Spin adapter) and the
//! writers' check-ins ([`crate::checkin`]).

use std::cell::RefCell;
use std::task::{Poll, Waker};

/// The wakers of the tasks waiting; all are woken together (a dropped waiter cannot
/// swallow a turn: the others check again).
#[derive(Default)]
pub struct Waiters(RefCell<Vec<Waker>>);

impl Waiters {
    /// Waits until [`Waiters::wake_all`]; the caller then checks again.
    pub async fn wait(&self) {
        let mut registered = false;
        std::future::poll_fn(|cx| {
            if registered {
                Poll::Ready(())
            } else {
                registered = true;
                self.0.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }

    pub fn wake_all(&self) {
        let waiting = std::mem::take(&mut *self.0.borrow_mut());
        for w in waiting {
            w.wake();
        }
    }
}
