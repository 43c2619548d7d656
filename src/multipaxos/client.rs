//! The client (PMMC §2): a hungry colleague who sends each order to every replica and takes the first
//! answer; each order carries the client's next number, so two orders of the same dish are two orders.

use super::event::Event;
use super::message::{Msg, Order};
use super::node::NodeId;
use super::world::MultiPaxos;
use crate::sim::Out;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Client {
    pub crashed: bool,
    /// Every order sent, in order, with the replica whose answer came first.
    pub orders: Vec<(Order, Option<NodeId>)>,
}

impl Client {
    /// Orders `dish` from every replica in `replicas`.
    pub fn order(
        &mut self,
        me: NodeId,
        dish: &str,
        replicas: &[NodeId],
        out: &mut Out<'_, MultiPaxos>,
    ) -> Order {
        let number = u32::try_from(self.orders.len() + 1).unwrap_or(u32::MAX);
        let order = Order {
            client: me,
            number,
            dish: dish.to_string(),
        };
        self.orders.push((order.clone(), None));
        out.push(Event::Ordered {
            order: order.clone(),
        });
        for r in replicas {
            out.send(
                me,
                *r,
                Msg::Request {
                    order: order.clone(),
                },
                0,
            );
        }
        order
    }

    /// A replica's answer: the first one for an order is news.
    pub fn response(
        &mut self,
        me: NodeId,
        from: NodeId,
        order: Order,
        out: &mut Out<'_, MultiPaxos>,
    ) {
        if let Some((_, by)) = self.orders.iter_mut().find(|(o, _)| *o == order) {
            if by.is_none() {
                *by = Some(from);
                out.push(Event::Answered {
                    client: me,
                    replica: from,
                    order,
                });
            }
        }
    }
}
