//! `scripts/cluster` for one test: nginx in front of two `kabinet serve` nodes on a PostgreSQL
//! primary of its own (with a streaming replica), started with the test's settings and removed
//! when dropped.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use crate::{binary, workspace_root, TestApp, TestDb};

/// A running cluster.
pub struct Cluster {
    dir: PathBuf,
    _tmp: tempfile::TempDir,
    vars: HashMap<String, String>,
}

/// One of the two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    A,
    B,
}

impl Node {
    fn tag(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
        }
    }
}

impl Cluster {
    /// Starts one; `env` (`KABINET_…` settings) goes to both nodes.
    pub fn start(env: &[(&str, &str)]) -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("cluster");
        let out = Command::new(workspace_root().join("scripts/cluster"))
            .args(["start", dir.to_str().expect("UTF-8 path")])
            .env("KABINET_BIN", binary())
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .output()
            .expect("scripts/cluster runs");
        // Made before the assertion so a failed start is still cleaned up.
        let mut started = Self {
            dir: dir.clone(),
            _tmp: tmp,
            vars: HashMap::new(),
        };
        assert!(
            out.status.success(),
            "scripts/cluster start failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.join("env")).expect("the cluster's env file");
        started.vars = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        started
    }

    /// A variable of the cluster's env file (`CLUSTER_URL`, …).
    pub fn var(&self, name: &str) -> &str {
        self.vars
            .get(name)
            .unwrap_or_else(|| panic!("the cluster has no {name}"))
    }

    /// The primary's `DATABASE_URL`.
    pub fn primary_url(&self) -> &str {
        self.var("CLUSTER_PRIMARY_URL")
    }

    /// nginx, as users reach the product.
    pub fn nginx(&self) -> TestApp {
        TestApp::attach(
            self.var("CLUSTER_URL"),
            TestDb::existing_postgres(self.primary_url()),
        )
    }

    /// One node directly.
    pub fn node(&self, node: Node) -> TestApp {
        TestApp::attach(
            self.var(&format!("CLUSTER_NODE_{}_URL", node.tag())),
            TestDb::existing_postgres(self.primary_url()),
        )
    }

    /// Kills a node with SIGKILL (a crash: no shutdown code runs).
    pub fn kill(&self, node: Node) {
        let pid = self.var(&format!("CLUSTER_NODE_{}_PID", node.tag()));
        let status = Command::new("kill")
            .args(["-KILL", pid])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -9 {pid}");
    }

    /// A node's log (stderr), for assertion messages.
    pub fn log(&self, node: Node) -> String {
        let name = format!("node-{}.log", node.tag().to_ascii_lowercase());
        std::fs::read_to_string(self.dir.join(name)).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(workspace_root().join("scripts/cluster"))
            .args(["stop", &self.dir.display().to_string()])
            .output();
    }
}
