//! The page around the tabs: masthead, protocol tabs and keeping, messages, the tour bar, the tab
//! hosts, the footer and the overlays.

use super::{App, Msg};
use crate::ui::corfu_tab::CorfuTab;
use crate::ui::help::Help;
use crate::ui::keeping::Keeping;
use crate::ui::multipaxos_tab::MultiPaxosTab;
use crate::ui::page::{tours, FirstVisit, Footer, Masthead, PageTools};
use crate::ui::synod_tab::SynodTab;
use crate::ui::tour_bar::TourBar;
use lunch_parliament::scenario::{Document, Protocol};
use lunch_parliament::tour;
use yew::prelude::*;

impl App {
    pub(super) fn page(&self, ctx: &Context<App>) -> Html {
        let link = ctx.link();
        let tab = self.tab();
        let work = &self.keeper.work;
        let on_drop = link.batch_callback(|e: DragEvent| {
            e.prevent_default();
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            Some(match file {
                Some(f) => Msg::Import(f),
                None => Msg::Dragging(false),
            })
        });
        // What the header and footer say about the open tab: its protocol, run and trace hash.
        let multipaxos = work
            .multipaxos
            .as_ref()
            .unwrap_or(&self.multipaxos_load.scenario);
        let (protocol, tagline, title, seed, trace) = match tab {
            Protocol::Synod => (
                "Synod (Paxos)",
                "The single-decree synod, told as lunch.",
                &work.synod.title,
                work.synod.config.seed,
                &self.synod_hash,
            ),
            Protocol::Corfu => (
                "CORFU shared log",
                "CORFU: a shared log of write-once pages.",
                &work.corfu.title,
                work.corfu.config.seed,
                &self.corfu_hash,
            ),
            Protocol::MultiPaxos => (
                "Multi-Paxos",
                "Multi-Paxos: a week of lunches, decided day by day.",
                &multipaxos.title,
                multipaxos.config.seed,
                &self.multipaxos_hash,
            ),
        };
        let touring = self.tour.is_some();
        let page_tools = html! {
            <PageTools presenting={self.presenting} current_tour={self.tour.as_ref().map(|t| t.tour.number)}
                on_tour={link.callback(Msg::TourOpen)} on_present={link.callback(|_| Msg::Present)}
                on_help={link.callback(|_| Msg::Help)} />
        };
        let tools_in_tour_bar = self.presenting && touring;
        let protocol_tab = |t: Protocol, label: &str| {
            let pressed = tab == t;
            html! {
                <button class={classes!("tab", "protocol", pressed.then_some("active"))} aria-pressed={pressed.to_string()}
                    onclick={link.callback(move |_| Msg::Tab(t))}>{ label.to_string() }</button>
            }
        };
        let host = |t: Protocol| classes!("tab-host", (tab == t).then_some("open"));
        html! {
            <div class={classes!("page", self.motion.class(), self.presenting.then_some("presenting"), touring.then_some("touring"), self.dragging.then_some("dragging"))}
                ondragover={link.callback(|e: DragEvent| {
                    // Without this the browser opens a dropped file itself.
                    e.prevent_default();
                    Msg::Dragging(true)
                })}
                ondragleave={link.callback(|_: DragEvent| Msg::Dragging(false))} ondrop={on_drop}>
                <Masthead tagline={tagline} motion={self.motion} on_motion={link.callback(Msg::Motion)}>
                    if !tools_in_tour_bar {
                        { page_tools.clone() }
                    }
                </Masthead>
                <nav class="protocol-tabs" aria-label="Protocol">
                    { protocol_tab(Protocol::Synod, "1 · Synod (Paxos)") }
                    { protocol_tab(Protocol::Corfu, "2 · CORFU shared log") }
                    { protocol_tab(Protocol::MultiPaxos, "3 · Multi-Paxos") }
                    <Keeping title={AttrValue::from(title.clone())} link={self.link.clone().map(AttrValue::from)}
                        on_title={link.callback(Msg::Title)} on_copy={link.callback(|_| Msg::CopyLink)}
                        on_export={link.callback(|_| Msg::ExportScenario)} on_import={link.callback(Msg::Import)}
                        on_new={link.callback(|_| Msg::New)} on_tour={link.callback(Msg::TourOpen)} tours={tours()} />
                </nav>
                if self.first_visit && !self.presenting && !touring {
                    <FirstVisit on_tour={link.callback(Msg::TourOpen)} on_dismiss={link.callback(|_| Msg::FirstVisitDismiss)} />
                }
                if self.page_error.is_some() || self.page_notice.is_some() {
                    <div class="page-messages">
                        if let Some(e) = &self.page_error {
                            <p class="error" role="alert" id="page-error">{ e }</p>
                        }
                        if let Some(n) = &self.page_notice {
                            <p class="notice" role="status" id="page-notice">{ n }
                                if self.keeper.offers_undo(Some(n)) {
                                    { " " }<button id="undo" onclick={link.callback(|_| Msg::Undo)}>{ "Undo" }</button>
                                }
                            </p>
                        }
                    </div>
                }
                if let Some(t) = &self.tour {
                    <TourBar number={t.tour.number} title={AttrValue::from(t.tour.title.clone())} index={t.index}
                        count={t.tour.steps.len()}
                        caption={AttrValue::from(t.tour.steps.get(t.index).map(|s| s.caption.clone()).unwrap_or_default())}
                        forward={tour::forward(t.tour.number, t.index, t.tour.steps.len())}
                        backward={tour::backward(t.tour.number, t.index)}
                        on_move={link.callback(Msg::TourMove)} on_leave={link.callback(|_| Msg::TourLeave)}>
                        if tools_in_tour_bar {
                            { page_tools.clone() }
                        }
                    </TourBar>
                }
                // Each tab has a host element of its own: a hidden tab draws nothing, and an empty
                // component beside a changing sibling confuses Yew's node positions.
                <div class={host(Protocol::Corfu)}>
                    <CorfuTab active={tab == Protocol::Corfu} compact={self.presenting} load={self.corfu_load.clone()}
                        keys={self.corfu_keys.clone()} on_change={link.callback(Msg::Corfu)}
                        on_escape={link.callback(|_| Msg::TabEscape)}
                        on_counterexample={link.callback(|s| Msg::Counterexample(Document::Corfu(s)))} />
                </div>
                <div class={host(Protocol::MultiPaxos)}>
                    <MultiPaxosTab active={tab == Protocol::MultiPaxos} compact={self.presenting} load={self.multipaxos_load.clone()}
                        keys={self.multipaxos_keys.clone()} on_change={link.callback(Msg::MultiPaxos)}
                        on_escape={link.callback(|_| Msg::TabEscape)}
                        on_counterexample={link.callback(|s| Msg::Counterexample(Document::MultiPaxos(s)))} />
                </div>
                <div class={host(Protocol::Synod)}>
                    <SynodTab active={tab == Protocol::Synod} compact={self.presenting} touring={touring}
                        title={AttrValue::from(work.synod.title.clone())} load={self.synod_load.clone()}
                        keys={self.synod_keys.clone()} on_change={link.callback(Msg::Synod)}
                        on_escape={link.callback(|_| Msg::TabEscape)}
                        on_counterexample={link.callback(|s| Msg::Counterexample(Document::Synod(s)))} />
                </div>
                <Footer protocol={protocol} title={AttrValue::from(title.clone())} seed={seed}
                    trace={AttrValue::from(trace.clone())} />
                if self.help {
                    <Help on_close={link.callback(|_| Msg::Help)} />
                }
                if self.dragging {
                    <div class="drop-hint" aria-hidden="true">{ "Drop a scenario file to open it" }</div>
                }
            </div>
        }
    }
}
