//! `import`: the module cache (`sys.modules`), native modules, and modules
//! written in conc, found as `NAME.conc`, `NAME.py` or `NAME/__init__.conc`
//! along the module path (the script's directory, then `std/`).

use std::path::PathBuf;
use std::sync::Arc;

use super::dict::{Dict, HashKey};
use super::object::{Module, Object};
use super::value::{Obj, Value};
use super::{GilCell, PyResult, Vm};
use crate::compile::{compile_module, Mode};
use crate::diagnostics::SourceFile;

impl Vm {
    /// A new, empty module (not registered in `sys.modules`).
    pub fn new_module(&mut self, name: &str) -> Obj {
        let dict = Obj::new(Object::Dict(GilCell::new(Dict::new())));
        self.dict_set_str(&dict, "__name__", Value::str(name));
        self.dict_set_str(&dict, "__doc__", Value::None);
        self.dict_set_str(
            &dict,
            "__package__",
            Value::str(name.rsplit_once('.').map(|p| p.0).unwrap_or("")),
        );
        Obj::new(Object::Module(Module {
            name: Arc::from(name),
            dict,
        }))
    }

    /// The namespace of a module object.
    pub fn module_dict(&self, module: &Obj) -> Option<Obj> {
        match &**module {
            Object::Module(m) => Some(m.dict.clone()),
            _ => None,
        }
    }

    /// Register a module in `sys.modules`.
    pub fn register_module(&mut self, name: &str, module: &Obj) {
        let modules = self.rt.modules.clone();
        self.dict_set_str(&modules, name, Value::Obj(module.clone()));
    }

    /// Remove a module from `sys.modules` (its import failed).
    fn forget_module(&mut self, name: &str) {
        if let Object::Dict(d) = &*self.rt.modules {
            d.borrow_mut(&self.gil).remove_str(name);
        }
    }

    /// A module from `sys.modules`, if loaded.
    pub fn loaded_module(&self, name: &str) -> Option<Value> {
        self.dict_get_str(&self.rt.modules, name)
    }

    /// `ImportName`: import `name` (relative to the importing module for
    /// `level > 0`); return the top package unless a fromlist is given.
    pub fn import_name(
        &mut self,
        name: &str,
        level: usize,
        fromlist: &Value,
        globals: &Obj,
    ) -> PyResult {
        let full = if level > 0 {
            self.resolve_relative(name, level, globals)?
        } else {
            name.to_string()
        };
        let mut module = Value::None;
        let mut prefix = String::new();
        let mut top = Value::None;
        for (i, part) in full.split('.').enumerate() {
            if i > 0 {
                prefix.push('.');
            }
            prefix.push_str(part);
            let m = self.import_module(&prefix)?;
            if let (Value::Obj(parent), true) = (&module, i > 0) {
                // Bind the submodule as an attribute of its package.
                if let Some(d) = self.module_dict(parent) {
                    self.dict_set_str(&d, part, m.clone());
                }
            }
            if i == 0 {
                top = m.clone();
            }
            module = m;
        }
        if fromlist.is_none() && level == 0 {
            Ok(top)
        } else {
            Ok(module)
        }
    }

    fn resolve_relative(&mut self, name: &str, level: usize, globals: &Obj) -> PyResult<String> {
        let package = self
            .dict_get_str(globals, "__package__")
            .and_then(|v| v.as_str().map(str::to_string))
            .filter(|s| !s.is_empty())
            .or_else(|| {
                self.dict_get_str(globals, "__name__").and_then(|v| {
                    v.as_str().map(|s| {
                        s.rsplit_once('.')
                            .map(|p| p.0.to_string())
                            .unwrap_or_default()
                    })
                })
            })
            .unwrap_or_default();
        if package.is_empty() {
            return Err(self.new_error(
                "ImportError",
                "attempted relative import with no known parent package",
            ));
        }
        let parts: Vec<&str> = package.split('.').collect();
        if level - 1 > parts.len() {
            return Err(self.new_error(
                "ImportError",
                "attempted relative import beyond top-level package",
            ));
        }
        let base = parts[..parts.len() - (level - 1)].join(".");
        Ok(if name.is_empty() {
            base
        } else {
            format!("{base}.{name}")
        })
    }

    /// Import one module by its full dotted name (its parent must be imported already).
    pub fn import_module(&mut self, name: &str) -> PyResult {
        if let Some(m) = self.loaded_module(name) {
            return Ok(m);
        }
        let native = self
            .rt
            .native_modules
            .borrow(&self.gil)
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, init)| *init);
        if let Some(init) = native {
            let module = self.new_module(name);
            self.register_module(name, &module);
            if let Err(e) = init(self, &module) {
                self.forget_module(name);
                return Err(e);
            }
            return Ok(Value::Obj(module));
        }
        let embedded = self
            .rt
            .embedded_modules
            .borrow(&self.gil)
            .iter()
            .find(|m| m.name == name)
            .copied();
        if let Some(m) = embedded {
            return self.load_module_source(name, m.file, m.source, m.is_package);
        }
        match self.find_module_file(name) {
            Some((path, is_package)) => {
                let text = match std::fs::read_to_string(&path) {
                    Ok(t) => t,
                    Err(e) => {
                        return Err(self.new_error(
                            "ImportError",
                            format!("cannot read {}: {e}", path.display()),
                        ))
                    }
                };
                self.load_module_source(name, &path.display().to_string(), &text, is_package)
            }
            None => {
                let class = self.rt.types.exc("ModuleNotFoundError").clone();
                let e = self.new_exception(
                    &class,
                    vec![Value::str(format!("No module named '{name}'"))],
                );
                if let Object::Instance(i) = &*e.0 {
                    self.instance_set_str(i, "name", Value::str(name));
                }
                Err(e)
            }
        }
    }

    fn find_module_file(&self, name: &str) -> Option<(PathBuf, bool)> {
        let rel: PathBuf = name.split('.').collect();
        let dirs = self.rt.module_path.borrow(&self.gil).clone();
        for dir in dirs {
            let base = dir.join(&rel);
            for ext in ["conc", "py"] {
                let file = base.with_extension(ext);
                if file.is_file() {
                    return Some((file, false));
                }
            }
            for init in ["__init__.conc", "__init__.py"] {
                let file = base.join(init);
                if file.is_file() {
                    return Some((file, true));
                }
            }
        }
        None
    }

    fn load_module_source(
        &mut self,
        name: &str,
        path: &str,
        text: &str,
        is_package: bool,
    ) -> PyResult {
        let module = self.new_module(name);
        let dict = self.module_dict(&module).expect("module dict");
        self.dict_set_str(&dict, "__file__", Value::str(path));
        if is_package {
            self.dict_set_str(&dict, "__package__", Value::str(name));
            let dir = std::path::Path::new(path)
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let path_list = self.new_list(vec![Value::str(dir)]);
            self.dict_set_str(&dict, "__path__", path_list);
        }
        self.register_module(name, &module);
        let r = self.exec_source(path, text, &dict);
        if let Err(e) = r {
            self.forget_module(name);
            return Err(e);
        }
        // A module may replace itself in sys.modules while running.
        Ok(self.loaded_module(name).unwrap_or(Value::Obj(module)))
    }

    /// Compile and run source text in a namespace; a syntax error becomes a `SyntaxError` exception.
    pub fn exec_source(&mut self, filename: &str, text: &str, globals: &Obj) -> PyResult {
        let source = SourceFile::new(filename, text);
        let code = match crate::syntax::parse(&source)
            .and_then(|m| compile_module(&m, &source, Mode::Exec))
        {
            Ok(c) => c,
            Err(err) => {
                let (line, col) = err.line_col();
                let class = self.rt.types.exc(err.kind.class_name()).clone();
                let msg = format!("{} ({}, line {line})", err.message, filename);
                let e = self.new_exception(&class, vec![Value::str(msg)]);
                if let Object::Instance(i) = &*e.0 {
                    self.instance_set_str(i, "lineno", Value::Int(line as i64));
                    self.instance_set_str(i, "offset", Value::Int(col as i64));
                    self.instance_set_str(i, "filename", Value::str(filename));
                }
                return Err(e);
            }
        };
        let code = self.load_code(code);
        self.run_code(code, globals)
    }

    /// `ImportFrom`: an attribute of the module, or its submodule.
    pub fn import_from(&mut self, module: &Value, name: &HashKey) -> PyResult {
        if let Some(v) = self.try_getattr(module, name)? {
            return Ok(v);
        }
        let attr = name.value.as_str().unwrap_or("?").to_string();
        let mod_name = match module {
            Value::Obj(o) => match &**o {
                Object::Module(m) => m.name.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        if !mod_name.is_empty() {
            let sub = format!("{mod_name}.{attr}");
            match self.import_module(&sub) {
                Ok(m) => return Ok(m),
                Err(e) if self.exc_is(&e, "ModuleNotFoundError") => {}
                Err(e) => return Err(e),
            }
        }
        let file = match module {
            Value::Obj(o) => self
                .module_dict(o)
                .and_then(|d| self.dict_get_str(&d, "__file__"))
                .and_then(|v| v.as_str().map(str::to_string)),
            _ => None,
        };
        let location = file
            .map(|f| format!(" ({f})"))
            .unwrap_or_else(|| " (unknown location)".into());
        Err(self.new_error(
            "ImportError",
            format!("cannot import name '{attr}' from '{mod_name}'{location}"),
        ))
    }

    /// `from module import *`.
    pub fn import_star(&mut self, module: &Value, ns: &Obj) -> PyResult<()> {
        let Value::Obj(o) = module else { return Ok(()) };
        let Some(dict) = self.module_dict(o) else {
            return Ok(());
        };
        let names: Vec<Value> = match self.dict_get_str(&dict, "__all__") {
            Some(all) => self.collect(&all)?,
            None => match &*dict {
                Object::Dict(d) => d
                    .borrow(&self.gil)
                    .keys()
                    .filter(|k| !k.value.as_str().unwrap_or("_").starts_with('_'))
                    .map(|k| k.value.clone())
                    .collect(),
                _ => Vec::new(),
            },
        };
        for n in names {
            let key = self.hash_key(n)?;
            let v = self.getattr(module, &key)?;
            if let Object::Dict(d) = &**ns {
                d.borrow_mut(&self.gil).insert(key, v);
            }
        }
        Ok(())
    }
}
